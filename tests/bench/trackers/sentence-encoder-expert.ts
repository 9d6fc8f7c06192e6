import { fitLogistic, logit, type LogisticWeights, type TrainingRow } from '../../../electron/trackers/logistic-fit';
import type { ExpertRow, StackedExpert } from '../../../electron/trackers/train-tracker';
import { ENCODER_DIMENSIONS } from './sentence-encoder-vectors';

/**
 * The full sentence encoder as a stacked expert (concept-trackers.md, Sentence encoders): features of the
 * second-stage regression beside the term model's out-of-fold logit.
 * - `nearest`: encoder cosine to the nearest example, mean of the best three, to the nearest "not this"
 *   (leave-one-out in training, as the alignment features; signs +, +, -);
 * - `logit`: the logit of an L2 logistic regression on the 512-d vector, out-of-fold by the stacked
 *   fit's own folds in training (sign +);
 * - `both`: the four.
 */
export type EncoderVariant = 'nearest' | 'logit' | 'both';

const ZERO = new Float32Array(ENCODER_DIMENSIONS);

interface FittedTracker {
  examples: Float32Array[];
  notThis: Float32Array[];
  logistic: LogisticWeights | undefined;
}

const dot = (a: Float32Array, b: Float32Array): number => {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
  return s;
};

/** [best, mean of the best three] cosine to the pool, skipping index `skip`. */
function bestAndTopThree(v: Float32Array, pool: readonly Float32Array[], skip: number): [number, number] {
  const top = [0, 0, 0];
  pool.forEach((p, i) => {
    if (i === skip) return;
    const c = dot(v, p);
    if (c > top[2]!) {
      top[2] = c;
      top.sort((x, y) => y - x);
    }
  });
  const kept = top.slice(0, Math.min(3, Math.max(pool.length - (skip >= 0 ? 1 : 0), 1)));
  return [top[0]!, kept.reduce((s, x) => s + x, 0) / kept.length];
}

const asRow = (v: Float32Array, y: number, weight: number): TrainingRow => ({ f: { normal: '', terms: [], vector: v, content: [], company: false }, y, weight, extra: [] });

export class SentenceEncoderExpert implements StackedExpert {
  readonly signs: readonly number[];
  private readonly fitted = new Map<string, FittedTracker>();
  /**
   * Logistic fits by tracker and training rows: `logit` and `both` on the same training set fit the same
   * regressions, so a run of both variants fits them once.
   */
  private static readonly logisticMemo = new Map<string, { outOfFold: number[]; all: LogisticWeights }>();

  constructor(
    private readonly vectors: ReadonlyMap<string, Float32Array>,
    readonly variant: EncoderVariant,
  ) {
    this.signs = [...(variant === 'logit' ? [] : [1, 1, -1]), ...(variant === 'nearest' ? [] : [1])];
  }

  private vector(text: string): Float32Array {
    return this.vectors.get(text) ?? ZERO;
  }

  fit(trackerId: string, examples: readonly string[], notThis: readonly string[], rows: readonly ExpertRow[]): number[][] {
    const tracker: FittedTracker = { examples: examples.map((s) => this.vector(s)), notThis: notThis.map((s) => this.vector(s)), logistic: undefined };
    const outOfFold = this.variant === 'nearest' ? undefined : this.fitLogistic(trackerId, rows, tracker);
    this.fitted.set(trackerId, tracker);
    return rows.map((r, i) => this.featuresOf(tracker, this.vector(r.text), r.positive, r.notThis, outOfFold?.[i]));
  }

  /** A new sentence's features for the tracker as last fitted. */
  features(trackerId: string, text: string): number[] {
    const tracker = this.fitted.get(trackerId);
    if (!tracker) throw new Error(`no encoder expert fitted for tracker ${trackerId}`);
    const v = this.vector(text);
    return this.featuresOf(tracker, v, -1, -1, tracker.logistic ? logit(tracker.logistic, asRow(v, 0, 1)) : undefined);
  }

  private featuresOf(t: FittedTracker, v: Float32Array, skipPositive: number, skipNotThis: number, logitValue: number | undefined): number[] {
    const nearest = (): number[] => [...bestAndTopThree(v, t.examples, skipPositive), bestAndTopThree(v, t.notThis, skipNotThis)[0]];
    if (this.variant === 'nearest') return nearest();
    if (this.variant === 'logit') return [logitValue ?? 0];
    return [...nearest(), logitValue ?? 0];
  }

  private fitLogistic(trackerId: string, rows: readonly ExpertRow[], tracker: FittedTracker): number[] {
    const key = `${trackerId}\n${rows.map((r) => `${r.y}${r.fold}${r.text}`).join('\n')}`;
    let memo = SentenceEncoderExpert.logisticMemo.get(key);
    if (!memo) {
      const training = rows.map((r) => asRow(this.vector(r.text), r.y, r.weight));
      const outOfFold = new Array<number>(rows.length).fill(0);
      for (const k of new Set(rows.map((r) => r.fold))) {
        const w = fitLogistic(training.filter((_, i) => rows[i]!.fold !== k), 0);
        training.forEach((r, i) => {
          if (rows[i]!.fold === k) outOfFold[i] = logit(w, r);
        });
      }
      memo = { outOfFold, all: fitLogistic(training, 0) };
      SentenceEncoderExpert.logisticMemo.set(key, memo);
    }
    tracker.logistic = memo.all;
    return memo.outOfFold;
  }
}
