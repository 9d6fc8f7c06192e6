import type { SparseRows } from './text-features';

/** Weights and intercept of a logistic regression on sparse rows. */
export interface SparseLogisticModel {
  weights: Float64Array;
  intercept: number;
}

/** Inverse regularisation strength C = 1 (the usual default): the penalty is ||w||^2 / 2 against the summed log-loss. */
export const DEFAULT_L2 = 1;

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function margins(x: SparseRows, w: Float64Array, b: number, out: Float64Array): void {
  for (let r = 0; r < x.rows; r++) {
    let z = b;
    for (let k = x.indptr[r] as number; k < (x.indptr[r + 1] as number); k++) z += (x.values[k] as number) * (w[x.indices[k] as number] as number);
    out[r] = z;
  }
}

/** The objective and its gradient; parameter vector = weights then intercept (not penalised). */
function objective(x: SparseRows, y: Uint8Array, l2: number, theta: Float64Array, grad: Float64Array, z: Float64Array): number {
  const d = x.cols;
  const w = theta.subarray(0, d);
  margins(x, w, theta[d] as number, z);
  grad.fill(0);
  let f = 0;
  let gb = 0;
  for (let r = 0; r < x.rows; r++) {
    const zr = z[r] as number;
    const yr = y[r] as number;
    f += softplus(zr) - yr * zr;
    const e = 1 / (1 + Math.exp(-zr)) - yr;
    gb += e;
    for (let k = x.indptr[r] as number; k < (x.indptr[r + 1] as number); k++) {
      const c = x.indices[k] as number;
      grad[c] = (grad[c] as number) + e * (x.values[k] as number);
    }
  }
  for (let c = 0; c < d; c++) {
    const wc = w[c] as number;
    f += 0.5 * l2 * wc * wc;
    grad[c] = (grad[c] as number) + l2 * wc;
  }
  grad[d] = gb;
  return f;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/**
 * L2-regularised logistic regression by L-BFGS (ten correction pairs) with a backtracking line
 * search. The problem is strictly convex, so the minimum is unique and the order of rows does not
 * matter; it stops when the gradient is tiny or the objective stops moving.
 */
export function trainSparseLogistic(x: SparseRows, y: Uint8Array, l2 = DEFAULT_L2, maxIterations = 300): SparseLogisticModel {
  const dim = x.cols + 1;
  const m = 10;
  const theta = new Float64Array(dim);
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] as number;
  const prior = Math.min(Math.max(pos / Math.max(1, y.length), 1e-6), 1 - 1e-6);
  theta[x.cols] = Math.log(prior / (1 - prior));
  const z = new Float64Array(x.rows);
  let grad = new Float64Array(dim);
  let f = objective(x, y, l2, theta, grad, z);
  const s: Float64Array[] = [];
  const yy: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const next = new Float64Array(dim);
  let nextGrad = new Float64Array(dim);
  const tolerance = 1e-6 * Math.max(1, x.rows);
  for (let it = 0; it < maxIterations; it++) {
    let gmax = 0;
    for (let i = 0; i < dim; i++) gmax = Math.max(gmax, Math.abs(grad[i] as number));
    if (gmax < tolerance) break;
    // Two-loop recursion: direction = -H g.
    const q = Float64Array.from(grad);
    for (let k = s.length - 1; k >= 0; k--) {
      const a = (rho[k] as number) * dot(s[k] as Float64Array, q);
      alpha[k] = a;
      const yk = yy[k] as Float64Array;
      for (let i = 0; i < dim; i++) q[i] = (q[i] as number) - a * (yk[i] as number);
    }
    const last = s.length - 1;
    const gamma = last >= 0 ? dot(s[last] as Float64Array, yy[last] as Float64Array) / dot(yy[last] as Float64Array, yy[last] as Float64Array) : 1 / Math.max(1, Math.sqrt(dot(grad, grad)));
    for (let i = 0; i < dim; i++) q[i] = (q[i] as number) * gamma;
    for (let k = 0; k < s.length; k++) {
      const b = (rho[k] as number) * dot(yy[k] as Float64Array, q);
      const sk = s[k] as Float64Array;
      const a = alpha[k] as number;
      for (let i = 0; i < dim; i++) q[i] = (q[i] as number) + (a - b) * (sk[i] as number);
    }
    let slope = -dot(grad, q);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = 0;
      yy.length = 0;
      rho.length = 0;
      for (let i = 0; i < dim; i++) q[i] = (grad[i] as number) / Math.max(1, Math.sqrt(dot(grad, grad)));
      slope = -dot(grad, q);
    }
    let step = 1;
    let fNext = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < dim; i++) next[i] = (theta[i] as number) - step * (q[i] as number);
      fNext = objective(x, y, l2, next, nextGrad, z);
      if (fNext <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNext <= f)) break;
    const sNew = new Float64Array(dim);
    const yNew = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      sNew[i] = (next[i] as number) - (theta[i] as number);
      yNew[i] = (nextGrad[i] as number) - (grad[i] as number);
    }
    const sy = dot(sNew, yNew);
    if (sy > 1e-12) {
      if (s.length === m) {
        s.shift();
        yy.shift();
        rho.shift();
      }
      s.push(sNew);
      yy.push(yNew);
      rho.push(1 / sy);
    }
    theta.set(next);
    [grad, nextGrad] = [nextGrad, grad];
    const drop = f - fNext;
    f = fNext;
    if (drop < 1e-10 * Math.max(1, Math.abs(f))) break;
  }
  return { weights: theta.slice(0, x.cols), intercept: theta[x.cols] as number };
}

/** Log-odds for each row. */
export function sparseScores(x: SparseRows, model: { weights: ArrayLike<number>; intercept: number }): Float64Array {
  const out = new Float64Array(x.rows);
  for (let r = 0; r < x.rows; r++) {
    let z = model.intercept;
    for (let k = x.indptr[r] as number; k < (x.indptr[r + 1] as number); k++) z += (x.values[k] as number) * (model.weights[x.indices[k] as number] as number);
    out[r] = z;
  }
  return out;
}

/** Dense columns (a few base scores) as sparse rows, for the stacking layer. */
export function denseRows(columns: readonly ArrayLike<number>[], rows: number): SparseRows {
  const cols = columns.length;
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(rows * cols);
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    indptr[r + 1] = (r + 1) * cols;
    for (let c = 0; c < cols; c++) {
      indices[r * cols + c] = c;
      values[r * cols + c] = (columns[c] as ArrayLike<number>)[r] as number;
    }
  }
  return { rows, cols, indptr, indices, values };
}
