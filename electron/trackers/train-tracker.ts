import { parseTrackerDefinition, type TrackerDefinition } from './tracker-definition';
import { TRACKER_MODEL_FORMAT, type TrackerModel } from './tracker-model';
import { sentenceFeatures, type SentenceFeatures } from './sentence-features';

/**
 * Trains one tracker: logistic regression over lemma terms, the sentence's meaning vector and its
 * similarity to the nearest example and nearest "not this" sentence. The similarity features of a
 * training sentence are computed without itself (leave-one-out), so their weights reflect how a
 * sentence the tracker never saw compares with the examples.
 */

export interface TrainOptions {
  /** Sentences of other concepts and ordinary chatter that must not match. */
  negatives?: readonly string[];
  threshold?: number;
  /** Reads a sentence; trainTrackerSet passes a memoised one so shared negatives are read once. */
  features?: (text: string) => SentenceFeatures;
}

/** The lowest threshold with false alarms on <= 5% of the eval set's dev-half negatives and of the held-out set's (docs/design/concept-trackers.md). */
export const DEFAULT_THRESHOLD = 0.425;
const EPOCHS = 250;
const LEARNING_RATE = 0.5;
const L2 = 0.0005;
/**
 * A "not this" sentence is written to sit next to the concept, so a false hit on one costs more than
 * on shared chatter: weight 5 (2 before) cut the dev half's false alarms at 0.55 from 6.8% to 4.9%.
 */
const NOT_THIS_WEIGHT = 5;
/** Vectors kept in the model are rounded to 3 decimals: 4x smaller JSON, no measurable change. */
const round = (x: number): number => Math.round(x * 1000) / 1000 || 0; // || 0: no -0, which JSON cannot keep

interface Row {
  f: SentenceFeatures;
  y: number;
  weight: number;
  extra: number[];
}

function maxCos(v: Float32Array, pool: readonly Float32Array[], skip?: Float32Array): number {
  // Most sentences have no negated words, so the vector's second half is zero: those components add
  // nothing, and skipping them halves the work of the commonest case with the same result.
  let n = v.length;
  while (n > 0 && v[n - 1] === 0) n--;
  let best = 0;
  for (const p of pool) {
    if (p === skip) continue;
    let s = 0;
    for (let d = 0; d < n; d++) s += v[d]! * p[d]!;
    if (s > best) best = s;
  }
  return best;
}

export function hasKeyword(normal: string, keywords: readonly string[]): boolean {
  return keywords.some((k) => ` ${normal} `.includes(` ${k.toLowerCase()} `));
}

export function similarityFeatures(
  f: SentenceFeatures,
  positives: readonly Float32Array[],
  negatives: readonly Float32Array[],
  keywords: readonly string[],
  skip?: Float32Array,
): number[] {
  return [maxCos(f.vector, positives, skip), maxCos(f.vector, negatives, skip), hasKeyword(f.normal, keywords) ? 1 : 0];
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

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
  const rows: Row[] = [
    ...pos.map((f) => ({ f, y: 1, weight: posWeight, extra: similarityFeatures(f, posVecs, negVecs, def.keywords, f.vector) })),
    ...notThis.map((f) => ({ f, y: 0, weight: NOT_THIS_WEIGHT, extra: similarityFeatures(f, posVecs, negVecs, def.keywords, f.vector) })),
    ...other.map((f) => ({ f, y: 0, weight: 1, extra: similarityFeatures(f, posVecs, negVecs, def.keywords) })),
  ];
  const termIndex = new Map<string, number>();
  for (const r of rows) for (const t of r.f.terms) if (!termIndex.has(t)) termIndex.set(t, termIndex.size);
  const dim = pos[0]?.vector.length ?? 0;
  const wTerms = new Float64Array(termIndex.size);
  const wVec = new Float64Array(dim);
  const wExtra = new Float64Array(3);
  let bias = 0;
  const termIds = rows.map((r) => [...new Set(r.f.terms)].map((t) => termIndex.get(t)!));
  const totalWeight = rows.reduce((s, r) => s + r.weight, 0);
  // Full-batch gradient descent with Adagrad steps: a few hundred rows, so exact and deterministic.
  const gT = new Float64Array(termIndex.size).fill(1e-8);
  const gV = new Float64Array(dim).fill(1e-8);
  const gE = new Float64Array(3).fill(1e-8);
  let gB = 1e-8;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const dT = new Float64Array(termIndex.size);
    const dV = new Float64Array(dim);
    const dE = new Float64Array(3);
    let dB = 0;
    rows.forEach((r, i) => {
      const ids = termIds[i]!;
      let z = bias;
      for (const id of ids) z += wTerms[id]!;
      for (let d = 0; d < dim; d++) z += wVec[d]! * r.f.vector[d]!;
      for (let k = 0; k < 3; k++) z += wExtra[k]! * r.extra[k]!;
      const err = ((sigmoid(z) - r.y) * r.weight) / totalWeight;
      for (const id of ids) dT[id] = dT[id]! + err;
      for (let d = 0; d < dim; d++) dV[d] = dV[d]! + err * r.f.vector[d]!;
      for (let k = 0; k < 3; k++) dE[k] = dE[k]! + err * r.extra[k]!;
      dB += err;
    });
    const step = (w: Float64Array, g: Float64Array, acc: Float64Array): void => {
      for (let j = 0; j < w.length; j++) {
        const grad = g[j]! + L2 * w[j]!;
        acc[j] = acc[j]! + grad * grad;
        w[j] = w[j]! - (LEARNING_RATE * grad) / Math.sqrt(acc[j]!);
      }
    };
    step(wTerms, dT, gT);
    step(wVec, dV, gV);
    step(wExtra, dE, gE);
    gB += dB * dB;
    bias -= (LEARNING_RATE * dB) / Math.sqrt(gB);
  }
  const termWeights: Record<string, number> = {};
  for (const [t, id] of termIndex) if (Math.abs(wTerms[id]!) > 1e-4) termWeights[t] = round(wTerms[id]!);
  return {
    format: TRACKER_MODEL_FORMAT,
    id: def.id,
    label: def.label || def.id,
    speaker: def.speaker,
    kind: def.kind,
    ...(def.campaigns ? { campaigns: def.campaigns } : {}),
    keywords: def.keywords,
    termWeights,
    vectorWeights: [...wVec].map(round),
    extraWeights: [...wExtra].map(round),
    bias: round(bias),
    positives: posVecs.map((v) => [...v].map(round)),
    negatives: negVecs.map((v) => [...v].map(round)),
    threshold: options.threshold ?? DEFAULT_THRESHOLD,
  };
}
