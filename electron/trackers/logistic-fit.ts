import type { SentenceFeatures } from './sentence-features';

/** One training sentence: its features, label, weight, and the dense features the fit may use. */
export interface TrainingRow {
  f: SentenceFeatures;
  y: number;
  weight: number;
  extra: number[];
  /**
   * The stacked fit's fold is taken from this index, else from the row's own: a heard form of a sentence
   * shares its sentence's fold, so no left-out sentence is scored by a model that saw its twin.
   */
  group?: number;
}

export interface LogisticWeights {
  terms: Map<string, number>;
  vector: Float64Array;
  extra: Float64Array;
  bias: number;
}

const EPOCHS = 250;
const LEARNING_RATE = 0.5;
const L2 = 0.0005;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Logistic regression over a sentence's terms, its meaning vector and the first `extras` dense
 * features. Full-batch gradient descent with Adagrad steps: a few thousand rows, so exact and
 * deterministic.
 */
export function fitLogistic(rows: readonly TrainingRow[], extras: number): LogisticWeights {
  const termIndex = new Map<string, number>();
  for (const r of rows) for (const t of r.f.terms) if (!termIndex.has(t)) termIndex.set(t, termIndex.size);
  const dim = rows[0]?.f.vector.length ?? 0;
  const wTerms = new Float64Array(termIndex.size);
  const wVec = new Float64Array(dim);
  const wExtra = new Float64Array(extras);
  let bias = 0;
  const termIds = rows.map((r) => [...new Set(r.f.terms)].map((t) => termIndex.get(t)!));
  const totalWeight = rows.reduce((s, r) => s + r.weight, 0);
  const gT = new Float64Array(termIndex.size).fill(1e-8);
  const gV = new Float64Array(dim).fill(1e-8);
  const gE = new Float64Array(extras).fill(1e-8);
  let gB = 1e-8;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const dT = new Float64Array(termIndex.size);
    const dV = new Float64Array(dim);
    const dE = new Float64Array(extras);
    let dB = 0;
    rows.forEach((r, i) => {
      const ids = termIds[i]!;
      let z = bias;
      for (const id of ids) z += wTerms[id]!;
      for (let d = 0; d < dim; d++) z += wVec[d]! * r.f.vector[d]!;
      for (let k = 0; k < extras; k++) z += wExtra[k]! * r.extra[k]!;
      const err = ((sigmoid(z) - r.y) * r.weight) / totalWeight;
      for (const id of ids) dT[id] = dT[id]! + err;
      for (let d = 0; d < dim; d++) dV[d] = dV[d]! + err * r.f.vector[d]!;
      for (let k = 0; k < extras; k++) dE[k] = dE[k]! + err * r.extra[k]!;
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
  const terms = new Map<string, number>();
  for (const [t, id] of termIndex) terms.set(t, wTerms[id]!);
  return { terms, vector: wVec, extra: wExtra, bias };
}

/** The fitted model's logit for a row (its terms, vector and first extras). */
export function logit(w: LogisticWeights, r: TrainingRow): number {
  let z = w.bias;
  for (const t of new Set(r.f.terms)) z += w.terms.get(t) ?? 0;
  for (let d = 0; d < w.vector.length; d++) z += w.vector[d]! * r.f.vector[d]!;
  for (let k = 0; k < w.extra.length; k++) z += w.extra[k]! * r.extra[k]!;
  return z;
}

/**
 * A plain logistic regression over a few dense inputs (no L2: a handful of parameters fitted on
 * thousands of rows), by gradient descent with Adagrad steps.
 */
export function fitDense(
  xs: readonly number[][],
  ys: readonly number[],
  weights: readonly number[],
  /** Per input: 1 = weight kept >= 0, -1 = kept <= 0, 0 = free. */
  signs: readonly number[],
  epochs = 2000,
): { w: Float64Array; bias: number } {
  const n = xs[0]?.length ?? 0;
  const w = new Float64Array(n);
  const g = new Float64Array(n).fill(1e-8);
  let bias = 0;
  let gB = 1e-8;
  const total = weights.reduce((s, x) => s + x, 0);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const d = new Float64Array(n);
    let dB = 0;
    xs.forEach((x, i) => {
      let z = bias;
      for (let k = 0; k < n; k++) z += w[k]! * x[k]!;
      const err = ((sigmoid(z) - ys[i]!) * weights[i]!) / total;
      for (let k = 0; k < n; k++) d[k] = d[k]! + err * x[k]!;
      dB += err;
    });
    for (let k = 0; k < n; k++) {
      g[k] = g[k]! + d[k]! * d[k]!;
      w[k] = w[k]! - (0.5 * d[k]!) / Math.sqrt(g[k]!);
      if (w[k]! * (signs[k] ?? 0) < 0) w[k] = 0;
    }
    gB += dB * dB;
    bias -= (0.5 * dB) / Math.sqrt(gB);
  }
  return { w, bias };
}

/** Folds of the stacked fit: 3 gave dev / held-out recall 0.835 / 0.848, 4 gave 0.848 / 0.884, 5 gave 0.849 / 0.883. */
const FOLDS = 4;

/** The stacked fit's fold of the i-th training row: an expert's out-of-fold features use the same folds. */
export const stackedFold = (r: Pick<TrainingRow, 'group'>, i: number): number => (r.group ?? i) % FOLDS;

/**
 * The term model fits its own training sentences almost perfectly (thousands of terms, a few
 * thousand rows), so a dense feature fitted beside it earns no weight (the alignment features got
 * small negative ones). So the term model, with the first `baseExtras` dense features, is fitted
 * FOLDS times, each without one fold; its logit on each left-out sentence and that sentence's other
 * dense features are the inputs of a small second regression. The term model fitted on all rows is
 * then scaled by that regression's weight for its logit, so the result is still one linear sum.
 */
export function stackedFit(rows: readonly TrainingRow[], baseExtras: number, signs: readonly number[]): LogisticWeights {
  const base = (r: TrainingRow): TrainingRow => ({ ...r, extra: r.extra.slice(0, baseExtras) });
  const heldOutLogit = new Float64Array(rows.length);
  for (let k = 0; k < FOLDS; k++) {
    const w = fitLogistic(rows.filter((r, i) => stackedFold(r, i) !== k).map(base), baseExtras);
    rows.forEach((r, i) => {
      if (stackedFold(r, i) === k) heldOutLogit[i] = logit(w, base(r));
    });
  }
  const combiner = fitDense(
    rows.map((r, i) => [heldOutLogit[i]!, ...r.extra.slice(baseExtras)]),
    rows.map((r) => r.y),
    rows.map((r) => r.weight),
    [1, ...signs],
  );
  const all = fitLogistic(rows.map(base), baseExtras);
  const scale = combiner.w[0]!;
  return {
    terms: new Map([...all.terms].map(([t, w]) => [t, w * scale])),
    vector: all.vector.map((x) => x * scale),
    extra: Float64Array.from([...[...all.extra].map((x) => x * scale), ...combiner.w.slice(1)]),
    bias: all.bias * scale + combiner.bias,
  };
}
