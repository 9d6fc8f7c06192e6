/** ROC AUC by the rank-sum (Mann-Whitney) formula, with tied scores sharing their average rank. */
export function rocAuc(scores: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[order[k] as number] === 1) {
        pos++;
        rankSum += avgRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function brierScore(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += ((p[i] as number) - (y[i] as number)) ** 2;
  return s / y.length;
}

export interface ThresholdReport {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

export function atThreshold(p: ArrayLike<number>, y: ArrayLike<number>, threshold: number): ThresholdReport {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const hit = (p[i] as number) >= threshold;
    if (hit && y[i] === 1) tp++;
    else if (hit) fp++;
    else if (y[i] === 1) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { threshold, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** The threshold on out-of-fold probabilities that maximises F1: the one a team would pick to call "likely". */
export function bestF1Threshold(p: ArrayLike<number>, y: ArrayLike<number>): ThresholdReport {
  let best = atThreshold(p, y, 0.5);
  for (let t = 0.05; t < 0.96; t += 0.01) {
    const r = atThreshold(p, y, Math.round(t * 100) / 100);
    if (r.f1 > best.f1) best = r;
  }
  return best;
}

function descendingOrder(p: ArrayLike<number>): number[] {
  return Array.from({ length: p.length }, (_, i) => i).sort((a, b) => (p[b] as number) - (p[a] as number));
}

export function precisionAtK(p: ArrayLike<number>, y: ArrayLike<number>, k: number): number {
  const top = descendingOrder(p).slice(0, Math.min(k, p.length));
  return top.length ? top.filter((i) => y[i] === 1).length / top.length : 0;
}

/** Conversion rate in each tenth of the ranked list divided by the overall rate; decile 1 is the top. */
export function liftByDecile(p: ArrayLike<number>, y: ArrayLike<number>): Array<{ decile: number; rows: number; rate: number; lift: number }> {
  const order = descendingOrder(p);
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] as number;
  const base = pos / Math.max(1, y.length);
  const out = [];
  for (let d = 0; d < 10; d++) {
    const slice = order.slice(Math.floor((d * order.length) / 10), Math.floor(((d + 1) * order.length) / 10));
    const rate = slice.length ? slice.filter((i) => y[i] === 1).length / slice.length : 0;
    out.push({ decile: d + 1, rows: slice.length, rate, lift: base ? rate / base : 0 });
  }
  return out;
}

/** Mean predicted vs observed rate in ten equal-width probability bins. */
export function reliability(p: ArrayLike<number>, y: ArrayLike<number>): Array<{ bin: string; rows: number; predicted: number; observed: number }> {
  const sums = Array.from({ length: 10 }, () => ({ rows: 0, p: 0, y: 0 }));
  for (let i = 0; i < y.length; i++) {
    const b = sums[Math.min(9, Math.floor((p[i] as number) * 10))] as { rows: number; p: number; y: number };
    b.rows++;
    b.p += p[i] as number;
    b.y += y[i] as number;
  }
  return sums
    .map((s, k) => ({ bin: `${k / 10}-${(k + 1) / 10}`, rows: s.rows, predicted: s.rows ? s.p / s.rows : 0, observed: s.rows ? s.y / s.rows : 0 }))
    .filter((b) => b.rows > 0);
}

export interface PlattScaling {
  a: number;
  b: number;
}

/** Fits p = sigmoid(a * raw + b) to out-of-fold raw scores by Newton's method (Platt 1999, with his target smoothing). */
export function fitPlatt(raw: ArrayLike<number>, y: ArrayLike<number>): PlattScaling {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] as number;
  const neg = y.length - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  let a = 1;
  let b = 0;
  for (let it = 0; it < 50; it++) {
    let g1 = 0;
    let g2 = 0;
    let h11 = 1e-9;
    let h12 = 0;
    let h22 = 1e-9;
    for (let i = 0; i < y.length; i++) {
      const x = raw[i] as number;
      const t = y[i] === 1 ? hi : lo;
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      const w = p * (1 - p);
      g1 += (p - t) * x;
      g2 += p - t;
      h11 += w * x * x;
      h12 += w * x;
      h22 += w;
    }
    const det = h11 * h22 - h12 * h12;
    if (Math.abs(det) < 1e-12) break;
    const da = (h22 * g1 - h12 * g2) / det;
    const db = (h11 * g2 - h12 * g1) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}

export function applyPlatt(c: PlattScaling, raw: number): number {
  return 1 / (1 + Math.exp(-(c.a * raw + c.b)));
}

/** Standard error of an AUC from its value and class sizes (Hanley & McNeil 1982). */
export function aucStandardError(auc: number, positives: number, negatives: number): number {
  if (positives === 0 || negatives === 0) return NaN;
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const v = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / (positives * negatives);
  return Math.sqrt(Math.max(v, 0));
}
