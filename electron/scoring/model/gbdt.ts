import type { BinnedColumns, GrowParams } from './gbdt-grow';
import { TreeGrower } from './gbdt-grow';
import { addTreeContributions, treeOutput, type Tree } from './gbdt-tree';

export interface GbdtParams extends GrowParams {
  iterations: number;
  /** Share of rows each tree is grown on (stochastic gradient boosting); 1 = all. */
  subsample: number;
}

export interface GbdtModel {
  init: number;
  trees: Tree[];
}

export function defaultGbdtParams(rows: number): GbdtParams {
  return {
    iterations: 120,
    learningRate: 0.12,
    numLeaves: 31,
    maxDepth: 12,
    // Small CRM tables (tens of leads) still need splits; big ones need the usual guard against noise.
    minDataInLeaf: Math.max(3, Math.min(20, Math.floor(rows / 25))),
    minHessianInLeaf: 1e-3,
    lambda: 1,
    catLambda: 10,
    minGain: 1e-6,
    // On large tables half the rows per tree halves the histogram work and costs little accuracy.
    subsample: rows >= 20_000 ? 0.5 : 1,
  };
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Binary log-loss gradient boosting on pre-binned columns. */
export function trainGbdt(data: BinnedColumns, y: Uint8Array, params: GbdtParams): GbdtModel {
  const n = y.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i] as number;
  const prior = Math.min(Math.max(pos / n, 1e-6), 1 - 1e-6);
  const init = Math.log(prior / (1 - prior));
  const pred = new Float64Array(n).fill(init);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const sampleShare = Math.min(1, params.subsample);
  const idx = new Uint32Array(n);
  const bagIdx = sampleShare < 1 ? new Uint32Array(n) : null;
  const grower = new TreeGrower(data, params);
  const trees: Tree[] = [];
  let seed = 12345;
  const rand = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  for (let it = 0; it < params.iterations; it++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(pred[i] as number);
      g[i] = p - (y[i] as number);
      h[i] = Math.max(p * (1 - p), 1e-12);
    }
    for (let i = 0; i < n; i++) idx[i] = i;
    let inBag = 0;
    // Bernoulli sampling keeps the in-bag rows in ascending order.
    if (bagIdx) for (let i = 0; i < n; i++) if (rand() < sampleShare) bagIdx[inBag++] = i;
    const tree = grower.grow(idx, g, h, pred, bagIdx ? bagIdx.subarray(0, inBag) : null);
    if (tree.length === 1) break; // no split helps any more
    trees.push(tree);
  }
  return { init, trees };
}

export function gbdtRawScore(model: GbdtModel, bins: Uint8Array[], row: number): number {
  const at = (f: number): number => (bins[f] as Uint8Array)[row] as number;
  let s = model.init;
  for (const t of model.trees) s += treeOutput(t, at);
  return s;
}

/** Per-feature log-odds contributions for one row; they sum with the bias to the raw score. */
export function gbdtContributions(model: GbdtModel, bins: Uint8Array[], row: number): { bias: number; contributions: Float64Array } {
  const at = (f: number): number => (bins[f] as Uint8Array)[row] as number;
  const contributions = new Float64Array(bins.length);
  let bias = model.init;
  for (const t of model.trees) {
    bias += t[0]?.v ?? 0;
    addTreeContributions(t, at, contributions);
  }
  return { bias, contributions };
}
