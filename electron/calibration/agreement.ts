import type { Agreement } from '../../shared/api/calibration';

/** Scores 0-100 fall into five ordinal grades (0-19, 20-39, ...): kappa and "within one" count in grades. */
export const GRADES = 5;
export function grade(score: number): number {
  return Math.min(GRADES - 1, Math.max(0, Math.floor(score / (100 / GRADES))));
}

/** Quadratic-weighted Cohen's kappa between two raters' grades; null when undefined (no spread). */
export function weightedKappa(a: readonly number[], b: readonly number[], k = GRADES): number | null {
  const n = a.length;
  if (n === 0) return null;
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rowTotals = new Array<number>(k).fill(0);
  const colTotals = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    (observed[x] as number[])[y] = ((observed[x] as number[])[y] as number) + 1;
    rowTotals[x] = (rowTotals[x] as number) + 1;
    colTotals[y] = (colTotals[y] as number) + 1;
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = ((i - j) * (i - j)) / ((k - 1) * (k - 1));
      num += w * ((observed[i] as number[])[j] as number);
      den += (w * (rowTotals[i] as number) * (colTotals[j] as number)) / n;
    }
  }
  return den === 0 ? null : 1 - num / den;
}

function ranks(v: readonly number[]): number[] {
  const order = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
  const r = new Array<number>(v.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && (order[j + 1] as readonly [number, number])[0] === (order[i] as readonly [number, number])[0]) j++;
    const avg = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) r[(order[m] as readonly [number, number])[1]] = avg;
    i = j + 1;
  }
  return r;
}

/** Spearman's rho as the Pearson correlation of average ranks (handles ties). */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  if (n < 2) return null;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = (ra[i] as number) - mean;
    const y = (rb[i] as number) - mean;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa === 0 || sbb === 0 ? null : sab / Math.sqrt(saa * sbb);
}

export function agreement(ai: readonly number[], manual: readonly number[]): Agreement {
  const n = ai.length;
  if (n === 0) return { n, kappa: null, spearman: null, exact: null, withinOne: null, mae: null };
  const ga = ai.map(grade);
  const gm = manual.map(grade);
  let exact = 0;
  let within = 0;
  let abs = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs((ga[i] as number) - (gm[i] as number));
    if (d === 0) exact++;
    if (d <= 1) within++;
    abs += Math.abs((ai[i] as number) - (manual[i] as number));
  }
  const r3 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);
  return {
    n,
    kappa: r3(weightedKappa(ga, gm)),
    spearman: r3(spearman(ai, manual)),
    exact: r3(exact / n),
    withinOne: r3(within / n),
    mae: Math.round((abs / n) * 10) / 10,
  };
}
