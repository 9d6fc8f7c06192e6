import { isMissing, toNumber, type ColumnInfo, type RawValue } from './dataset';

/** Bin 0 holds missing (and, for categories, unseen) values; real values use 1..bins-1. */
export const MISSING_BIN = 0;
const MAX_BINS = 255;

export type ColumnBins =
  | { name: string; kind: 'numeric'; /** upper edges: value v goes to 1 + first i with v <= edges[i] */ edges: number[] }
  | { name: string; kind: 'categorical'; categories: string[]; otherBin: number | null };

export function binCount(b: ColumnBins): number {
  return b.kind === 'numeric' ? b.edges.length + 2 : b.categories.length + 1 + (b.otherBin !== null ? 1 : 0);
}

export function categoryKey(v: RawValue): string {
  return String(v).trim().toLowerCase();
}

function numericEdges(values: number[]): number[] {
  const sorted = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const distinct: number[] = [];
  for (const x of sorted) if (distinct[distinct.length - 1] !== x) distinct.push(x);
  if (distinct.length <= MAX_BINS - 2) {
    // Few values: one bin each, edges halfway so unseen values in between land sensibly.
    return distinct.slice(0, -1).map((x, i) => (x + (distinct[i + 1] as number)) / 2);
  }
  const edges: number[] = [];
  const per = sorted.length / (MAX_BINS - 2);
  for (let k = 1; k < MAX_BINS - 2; k++) {
    const x = sorted[Math.floor(k * per)] as number;
    if (edges[edges.length - 1] !== x) edges.push(x);
  }
  return edges;
}

export function fitBins(info: ColumnInfo, values: RawValue[]): ColumnBins {
  if (info.kind === 'numeric') return { name: info.name, kind: 'numeric', edges: numericEdges(values.map(toNumber)) };
  const counts = new Map<string, number>();
  for (const v of values) if (!isMissing(v)) counts.set(categoryKey(v), (counts.get(categoryKey(v)) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const kept = ranked.slice(0, MAX_BINS - 2).map(([k]) => k);
  return { name: info.name, kind: 'categorical', categories: kept, otherBin: ranked.length > kept.length ? kept.length + 1 : null };
}

export function binColumn(bins: ColumnBins, values: RawValue[]): Uint8Array {
  const out = new Uint8Array(values.length);
  if (bins.kind === 'numeric') {
    const edges = bins.edges;
    values.forEach((v, r) => {
      const x = toNumber(v);
      if (!Number.isFinite(x)) return;
      let lo = 0;
      let hi = edges.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (x <= (edges[mid] as number)) hi = mid;
        else lo = mid + 1;
      }
      out[r] = lo + 1;
    });
  } else {
    const index = new Map(bins.categories.map((c, i) => [c, i + 1]));
    values.forEach((v, r) => {
      if (isMissing(v)) return;
      out[r] = index.get(categoryKey(v)) ?? bins.otherBin ?? MISSING_BIN;
    });
  }
  return out;
}

/** A readable value for a bin, used in explanations. */
export function describeBin(bins: ColumnBins, bin: number): string {
  if (bin === MISSING_BIN) return 'missing';
  if (bins.kind === 'categorical') return bin === bins.otherBin ? 'other' : (bins.categories[bin - 1] ?? '?');
  const lo = bins.edges[bin - 2];
  const hi = bins.edges[bin - 1];
  if (lo === undefined) return `<= ${hi}`;
  return hi === undefined ? `> ${lo}` : `(${lo}, ${hi}]`;
}
