import { MISSING_BIN, type ColumnBins } from './bin-mapper';
import { toNumber, type RawValue } from './dataset';

/**
 * L2-regularised logistic regression on a design of standardised numerics (+ a missing flag each)
 * and one-hot categories (the binner's kept categories, so rare ones share "other").
 */
export interface LogisticModel {
  /** Per numeric column: mean and sd of present values. */
  numeric: Array<{ column: number; mean: number; sd: number }>;
  /** Per categorical column: number of one-hot slots (bins). */
  categorical: Array<{ column: number; slots: number }>;
  weights: number[];
  intercept: number;
}

interface Design {
  /** Dense numeric part, row-major: 2 values per numeric column (z-score, missing flag). */
  dense: Float64Array;
  denseWidth: number;
  /** Active one-hot index per categorical column per row (into the weight vector). */
  hot: Int32Array;
  hotWidth: number;
}

export function logisticLayout(columns: ColumnBins[]): Pick<LogisticModel, 'numeric' | 'categorical'> {
  const numeric: LogisticModel['numeric'] = [];
  const categorical: LogisticModel['categorical'] = [];
  columns.forEach((c, i) => {
    if (c.kind === 'numeric') numeric.push({ column: i, mean: 0, sd: 1 });
    else categorical.push({ column: i, slots: c.categories.length + 2 });
  });
  return { numeric, categorical };
}

function design(model: Pick<LogisticModel, 'numeric' | 'categorical'>, raw: RawValue[][], catBins: Uint8Array[], rows: number): Design {
  const denseWidth = model.numeric.length * 2;
  const dense = new Float64Array(rows * denseWidth);
  model.numeric.forEach((nc, j) => {
    const col = raw[nc.column] ?? [];
    for (let r = 0; r < rows; r++) {
      const x = toNumber(col[r] ?? null);
      const ok = Number.isFinite(x);
      dense[r * denseWidth + 2 * j] = ok ? (x - nc.mean) / nc.sd : 0;
      dense[r * denseWidth + 2 * j + 1] = ok ? 0 : 1;
    }
  });
  const hotWidth = model.categorical.length;
  const hot = new Int32Array(rows * hotWidth);
  let base = denseWidth;
  model.categorical.forEach((cc, j) => {
    const bins = catBins[cc.column] ?? new Uint8Array(rows);
    for (let r = 0; r < rows; r++) hot[r * hotWidth + j] = base + Math.min((bins[r] ?? MISSING_BIN) as number, cc.slots - 1);
    base += cc.slots;
  });
  return { dense, denseWidth, hot, hotWidth };
}

function linear(d: Design, w: Float64Array, b: number, r: number): number {
  let z = b;
  for (let k = 0; k < d.denseWidth; k++) z += (d.dense[r * d.denseWidth + k] as number) * (w[k] as number);
  for (let k = 0; k < d.hotWidth; k++) z += w[d.hot[r * d.hotWidth + k] as number] as number;
  return z;
}

/** Solves A x = b for a symmetric positive definite A (row-major, d x d) by Cholesky. */
function solveSpd(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * d + k] as number) * (l[j * d + k] as number);
      l[i * d + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * d + j] as number);
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * d + k] as number) * (z[k] as number);
    z[i] = sum / (l[i * d + i] as number);
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = z[i] as number;
    for (let k = i + 1; k < d; k++) sum -= (l[k * d + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * d + i] as number);
  }
  return x;
}

/**
 * Newton's method (IRLS) with an L2 penalty on the weights, not the intercept. Each row touches only
 * its dense numerics and one slot per categorical column, so the Hessian is built from those few entries.
 */
export function trainLogistic(columns: ColumnBins[], raw: RawValue[][], bins: Uint8Array[], y: Uint8Array, l2 = 1): LogisticModel {
  const n = y.length;
  const layout = logisticLayout(columns);
  for (const nc of layout.numeric) {
    const xs = (raw[nc.column] ?? []).map((v) => toNumber(v)).filter((x) => Number.isFinite(x));
    const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length)) || 1;
    nc.mean = mean;
    nc.sd = sd;
  }
  const d = design(layout, raw, bins, n);
  // Parameter 0 is the intercept; weights follow at 1..width.
  const width = d.denseWidth + layout.categorical.reduce((a, c) => a + c.slots, 0);
  const dim = width + 1;
  const beta = new Float64Array(dim);
  const nnz = 1 + d.denseWidth + d.hotWidth;
  const at = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  for (let iter = 0; iter < 25; iter++) {
    const hess = new Float64Array(dim * dim);
    const grad = new Float64Array(dim);
    for (let r = 0; r < n; r++) {
      at[0] = 0;
      val[0] = 1;
      for (let k = 0; k < d.denseWidth; k++) {
        at[1 + k] = 1 + k;
        val[1 + k] = d.dense[r * d.denseWidth + k] as number;
      }
      for (let k = 0; k < d.hotWidth; k++) {
        at[1 + d.denseWidth + k] = 1 + (d.hot[r * d.hotWidth + k] as number);
        val[1 + d.denseWidth + k] = 1;
      }
      let z = 0;
      for (let k = 0; k < nnz; k++) z += (beta[at[k] as number] as number) * (val[k] as number);
      const p = 1 / (1 + Math.exp(-z));
      const e = p - (y[r] as number);
      const w = Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a < nnz; a++) {
        const ia = at[a] as number;
        const va = val[a] as number;
        if (va === 0) continue;
        grad[ia] = (grad[ia] as number) + e * va;
        const wa = w * va;
        for (let b = 0; b <= a; b++) {
          const cell = ia * dim + (at[b] as number);
          hess[cell] = (hess[cell] as number) + wa * (val[b] as number);
        }
      }
    }
    // The loop filled one triangle (by slot order); mirror it, then add the penalty.
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < i; j++) {
        const s = (hess[i * dim + j] as number) + (hess[j * dim + i] as number);
        hess[i * dim + j] = s;
        hess[j * dim + i] = s;
      }
      if (i > 0) {
        hess[i * dim + i] = (hess[i * dim + i] as number) + l2;
        grad[i] = (grad[i] as number) + l2 * (beta[i] as number);
      } else hess[0] = (hess[0] as number) + 1e-9;
    }
    const step = solveSpd(hess, grad, dim);
    let change = 0;
    for (let i = 0; i < dim; i++) {
      beta[i] = (beta[i] as number) - (step[i] as number);
      change = Math.max(change, Math.abs(step[i] as number));
    }
    if (change < 1e-6) break;
  }
  return { ...layout, weights: [...beta.subarray(1)], intercept: beta[0] as number };
}

export function logisticRawScores(model: LogisticModel, raw: RawValue[][], bins: Uint8Array[], rows: number): Float64Array {
  const d = design(model, raw, bins, rows);
  const w = Float64Array.from(model.weights);
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = linear(d, w, model.intercept, r);
  return out;
}

/** Per-column log-odds contributions against the average row (numeric) or the reference of no category. */
export function logisticContributions(model: LogisticModel, raw: RawValue[][], bins: Uint8Array[], row: number, columns: number): Float64Array {
  const out = new Float64Array(columns);
  const d = design(model, raw.map((c) => [c[row] ?? null]), bins.map((c) => Uint8Array.of((c[row] ?? 0) as number)), 1);
  model.numeric.forEach((nc, j) => {
    out[nc.column] = (d.dense[2 * j] as number) * (model.weights[2 * j] ?? 0) + (d.dense[2 * j + 1] as number) * (model.weights[2 * j + 1] ?? 0);
  });
  model.categorical.forEach((cc, j) => {
    out[cc.column] = model.weights[d.hot[j] as number] ?? 0;
  });
  return out;
}
