import { DEFAULT_L2, denseRows, sparseScores, trainSparseLogistic } from './sparse-logistic';

/**
 * The stacking layer: a logistic regression over the base models' out-of-fold log-odds (the
 * structured model first, then one per text role). With a handful of inputs it cannot overfit
 * much, and it decides from the data how far to trust each base model.
 */
export interface Stack {
  parts: string[];
  weights: number[];
  intercept: number;
}

/**
 * Weights are kept non-negative (Breiman, "Stacked regressions", 1996): a base model whose
 * out-of-fold scores get a negative weight is fitting noise, so it is dropped (weight 0) and the
 * rest refitted, until every weight is positive or zero.
 */
export function fitStack(parts: readonly string[], base: readonly Float64Array[], y: Uint8Array, rows?: readonly number[]): Stack {
  const pickRows = rows ?? Array.from(y.keys());
  const cols = base.map((b) => Float64Array.from(pickRows, (r) => b[r] as number));
  const labels = Uint8Array.from(pickRows, (r) => y[r] as number);
  const kept = cols.map((_, i) => i);
  for (;;) {
    const model = trainSparseLogistic(denseRows(kept.map((i) => cols[i] as Float64Array), pickRows.length), labels, DEFAULT_L2);
    const worst = kept.reduce((w, _, k) => ((model.weights[k] as number) < (model.weights[w] as number) ? k : w), 0);
    if (kept.length === 0 || (model.weights[worst] ?? 0) >= 0) {
      const weights = new Array<number>(base.length).fill(0);
      kept.forEach((i, k) => (weights[i] = model.weights[k] as number));
      return { parts: [...parts], weights, intercept: model.intercept };
    }
    kept.splice(worst, 1);
  }
}

export function stackScores(stack: Stack, base: readonly Float64Array[], rows: number): Float64Array {
  return sparseScores(denseRows(base, rows), stack);
}

/**
 * Cross-fitted stacked scores: each fold's rows are combined by a stack fitted on the other folds'
 * out-of-fold base scores, so the stacked AUC is out-of-fold too.
 */
export function stackOutOfFold(parts: readonly string[], base: readonly Float64Array[], y: Uint8Array, folds: Uint8Array, k: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    folds.forEach((fold, i) => (fold === f ? test : train).push(i));
    const stack = fitStack(parts, base, y, train);
    const s = stackScores(
      stack,
      base.map((b) => Float64Array.from(test, (r) => b[r] as number)),
      test.length,
    );
    test.forEach((row, j) => (out[row] = s[j] as number));
  }
  return out;
}
