import type { HeardLookup } from './heard-examples';
import { parseTrackerDefinition, type TrackerDefinition } from './tracker-definition';
import { TRACKER_MODEL_FORMAT, type TrackerModel } from './tracker-model';
import { sentenceFeatures, type SentenceFeatures } from './sentence-features';
import { stackedFit, stackedFold, type TrainingRow } from './logistic-fit';
import { alignedExamples, alignmentBest, alignmentBestAndTopThree, type AlignedExamples } from './soft-alignment';

/**
 * Trains one tracker: logistic regression over lemma terms, the sentence's meaning vector and its
 * similarity to the nearest example and nearest "not this" sentence, stacked with its soft word
 * alignment to the examples (stackedFit). The similarity features of a training sentence are
 * computed without itself (leave-one-out), so their weights reflect how a sentence the tracker never
 * saw compares with the examples.
 */

export interface TrainOptions {
  /** Sentences of other concepts and ordinary chatter that must not match. */
  negatives?: readonly string[];
  threshold?: number;
  /** Reads a sentence; trainTrackerSet passes a memoised one so shared negatives are read once. */
  features?: (text: string) => SentenceFeatures;
  /**
   * What the speech engine heard for a training sentence (heard-examples.ts): each heard form is one more
   * row of its sentence's class, at HEARD_WEIGHT of the sentence's weight. Off in what ships (concept-trackers.md, heard examples).
   */
  heard?: HeardLookup;
  /**
   * More inputs of the stacked second stage, from outside the term model. None in what ships; the
   * sentence-encoder experiment sets it (tests/bench/trackers/sentence-encoder-expert.ts).
   */
  expert?: StackedExpert;
}

/** A training row as a StackedExpert sees it. */
export interface ExpertRow {
  text: string;
  y: number;
  weight: number;
  /** Its stacked-fit fold: features of a row must come from a fit without this fold. */
  fold: number;
  /** Its index among the examples / "not this" sentences when it is one (or a heard form of one), else -1. */
  positive: number;
  notThis: number;
}

/**
 * Dense features of a sentence fed to the stacked second stage beside the term model's logit, with
 * their weights' signs (1 for, -1 against, 0 free). Training rows' features must be out-of-fold or
 * leave-one-out (as similarityFeatures' are), or the second stage learns to trust a fitted feature.
 */
export interface StackedExpert {
  signs: readonly number[];
  fit(trackerId: string, examples: readonly string[], notThis: readonly string[], rows: readonly ExpertRow[]): number[][];
}

/**
 * The lowest threshold (steps of 0.025) with false alarms on <= 5% of the eval set's dev-half
 * negatives and of the held-out set's (docs/design/concept-trackers.md). Stacked models are surer of
 * what they learnt than the single fit was (0.525 before), so the threshold sits higher.
 */
export const DEFAULT_THRESHOLD = 0.8;
/**
 * A "not this" sentence is written to sit next to the concept, so a false hit on one costs more than
 * on shared chatter: weight 5 (2 before) cut the dev half's false alarms at 0.55 from 6.8% to 4.9%.
 */
const NOT_THIS_WEIGHT = 5;
/**
 * A heard form counts this share of its clean sentence's weight, positives and negatives apart: chosen on the
 * dev engine bench (0.5 / 0.5 reported more concepts on the hard-negative calls; 0.5 / 1 and 1 / 2 kept less).
 */
const HEARD_WEIGHT = 0.5;
const HEARD_NEGATIVE_WEIGHT = 0.75;
/** Vectors kept in the model are rounded to 3 decimals: 4x smaller JSON, no measurable change. */
const round = (x: number): number => Math.round(x * 1000) / 1000 || 0; // || 0: no -0, which JSON cannot keep

function maxCos(v: Float32Array, pool: readonly Float32Array[], skip = -1): number {
  // Most sentences have no negated words, so the vector's second half is zero: those components add
  // nothing, and skipping them halves the work of the commonest case with the same result.
  let n = v.length;
  while (n > 0 && v[n - 1] === 0) n--;
  let best = 0;
  for (let i = 0; i < pool.length; i++) {
    if (i === skip) continue;
    const p = pool[i]!;
    let s = 0;
    for (let d = 0; d < n; d++) s += v[d]! * p[d]!;
    if (s > best) best = s;
  }
  return best;
}

/**
 * A keyword standing for every company of the gazetteer (resources/lexicons/companies.json): a tracker
 * listing it gets its keyword flag from any company named, and no other tracker learns from names.
 */
export const COMPANY_KEYWORD = '<company>';

export function hasKeyword(f: SentenceFeatures, keywords: readonly string[]): boolean {
  return keywords.some((k) => (k === COMPANY_KEYWORD ? f.company : ` ${f.normal} `.includes(` ${k.toLowerCase()} `)));
}

/** What a sentence is compared with: a tracker's examples and "not this" sentences, and its keywords. */
export interface TrackerReference {
  positives: readonly Float32Array[];
  negatives: readonly Float32Array[];
  alignedPositives: AlignedExamples;
  alignedNegatives: AlignedExamples;
  keywords: readonly string[];
}

/** How many similarityFeatures there are; the first SIMILARITY_FEATURES are fitted with the terms. */
export const EXTRA_FEATURES = 6;
const SIMILARITY_FEATURES = 3;
/**
 * Likeness to the examples can only count for a concept and likeness to a "not this" only against:
 * with one "not this" that paraphrases the examples, an unconstrained fit read likeness to it as a
 * sign of the concept (+9), and a sentence marked wrong went on matching.
 */
const ALIGNMENT_SIGNS = [1, 1, -1];

/**
 * [nearest example cosine, nearest "not this" cosine, keyword present, best soft alignment to an
 * example, mean of the best three, best soft alignment to a "not this"]. skipPositive/skipNegative:
 * the sentence's own index when it is one of them (leave-one-out while training).
 */
export function similarityFeatures(f: SentenceFeatures, ref: TrackerReference, skipPositive = -1, skipNegative = -1): number[] {
  const [best, top3] = alignmentBestAndTopThree(ref.alignedPositives, f.content, skipPositive);
  const bestNeg = alignmentBest(ref.alignedNegatives, f.content, skipNegative);
  return [
    maxCos(f.vector, ref.positives, skipPositive),
    maxCos(f.vector, ref.negatives, skipNegative),
    hasKeyword(f, ref.keywords) ? 1 : 0,
    best,
    top3,
    bestNeg,
  ];
}

export function trainTracker(definition: unknown, options: TrainOptions = {}): TrackerModel {
  const def: TrackerDefinition = parseTrackerDefinition(definition);
  const read = options.features ?? sentenceFeatures;
  const pos = def.examples.map(read);
  const notThis = def.notThis.map(read);
  const own = new Set(def.examples.map((e) => e.toLowerCase()));
  const other = (options.negatives ?? []).filter((s) => !own.has(s.toLowerCase())).map(read);
  const posVecs = pos.map((f) => f.vector);
  const negVecs = notThis.map((f) => f.vector);
  const negCount = notThis.length + other.length;
  // Balance the classes so a tracker with few examples is not drowned by the shared negatives.
  const posWeight = negCount > 0 ? Math.max(1, negCount / Math.max(pos.length, 1) / 2) : 1;
  const ref: TrackerReference = {
    positives: posVecs,
    negatives: negVecs,
    alignedPositives: alignedExamples(pos.map((f) => f.content)),
    alignedNegatives: alignedExamples(notThis.map((f) => f.content)),
    keywords: def.keywords,
  };
  const rows: TrainingRow[] = [
    ...pos.map((f, i) => ({ f, y: 1, weight: posWeight, extra: similarityFeatures(f, ref, i) })),
    ...notThis.map((f, i) => ({ f, y: 0, weight: NOT_THIS_WEIGHT, extra: similarityFeatures(f, ref, -1, i) })),
    ...other.map((f) => ({ f, y: 0, weight: 1, extra: similarityFeatures(f, ref) })),
  ];
  // Heard forms are compared with the clean examples as their own sentence is (leave-one-out), and are
  // never examples themselves: what the tracker keeps and aligns to stays what people wrote.
  const heard = options.heard;
  if (heard) {
    const otherText = (options.negatives ?? []).filter((s) => !own.has(s.toLowerCase()));
    const heardRows = (texts: readonly string[], first: number, y: number, weight: number, skip: (i: number) => [number, number]): TrainingRow[] =>
      texts.flatMap((t, i) => {
        const h = heard(t);
        if (!h) return [];
        const f = read(h);
        return [{ f, y, weight: weight * (y ? HEARD_WEIGHT : HEARD_NEGATIVE_WEIGHT), extra: similarityFeatures(f, ref, ...skip(i)), group: first + i }];
      });
    rows.push(
      ...heardRows(def.examples, 0, 1, posWeight, (i) => [i, -1]),
      ...heardRows(def.notThis, pos.length, 0, NOT_THIS_WEIGHT, (i) => [-1, i]),
      ...heardRows(otherText, pos.length + notThis.length, 0, 1, () => [-1, -1]),
    );
  }
  const expert = options.expert;
  if (expert) {
    const otherText = (options.negatives ?? []).filter((s) => !own.has(s.toLowerCase()));
    const texts = [...def.examples, ...def.notThis, ...otherText];
    const expertRows = rows.map((r, i): ExpertRow => {
      const source = r.group ?? i;
      const heardForm = r.group === undefined ? undefined : heard?.(texts[source]!);
      return {
        text: heardForm ?? texts[source]!,
        y: r.y,
        weight: r.weight,
        fold: stackedFold(r, i),
        positive: source < pos.length ? source : -1,
        notThis: source >= pos.length && source < pos.length + notThis.length ? source - pos.length : -1,
      };
    });
    const features = expert.fit(def.id, def.examples, def.notThis, expertRows);
    rows.forEach((r, i) => r.extra.push(...features[i]!));
  }
  const weights = stackedFit(rows, SIMILARITY_FEATURES, [...ALIGNMENT_SIGNS, ...(expert?.signs ?? [])]);
  const termWeights: Record<string, number> = {};
  for (const [t, w] of weights.terms) if (Math.abs(w) > 1e-4) termWeights[t] = round(w);
  return {
    format: TRACKER_MODEL_FORMAT,
    id: def.id,
    label: def.label || def.id,
    speaker: def.speaker,
    kind: def.kind,
    ...(def.campaigns ? { campaigns: def.campaigns } : {}),
    keywords: def.keywords,
    termWeights,
    vectorWeights: [...weights.vector].map(round),
    extraWeights: [...weights.extra].map(round),
    bias: round(weights.bias),
    positives: posVecs.map((v) => [...v].map(round)),
    negatives: negVecs.map((v) => [...v].map(round)),
    positiveWords: pos.map((f) => f.content.map((w) => w.word)),
    negativeWords: notThis.map((f) => f.content.map((w) => w.word)),
    threshold: options.threshold ?? DEFAULT_THRESHOLD,
  };
}
