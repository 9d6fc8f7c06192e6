/** The column mapping asked for does not fit the file: the user's input, not the data, is wrong. */
export class ColumnMapError extends Error {}

/** `--map canonical=source,canonical=source`: which source column fills each canonical one. */
export function parseColumnMap(flag: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!flag) return map;
  for (const pair of flag.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ColumnMapError(`--map entry "${pair}" should look like canonical=source`);
    map.set(pair.slice(0, eq).trim().toLowerCase(), pair.slice(eq + 1).trim());
  }
  return map;
}

export interface ResolvedColumns {
  /** canonical name -> column index in the file */
  canonical: Map<string, number>;
  /** columns that are not canonical: kept as custom attributes under their own name */
  extra: Array<{ name: string; index: number }>;
}

export function resolveColumns(header: string[], canonicalNames: readonly string[], map: Map<string, string>): ResolvedColumns {
  const lower = header.map((h) => h.trim().toLowerCase());
  const canonical = new Map<string, number>();
  for (const [canon, source] of map) {
    if (!canonicalNames.includes(canon)) throw new ColumnMapError(`--map: "${canon}" is not a canonical column (${canonicalNames.join(', ')})`);
    const i = lower.indexOf(source.toLowerCase());
    if (i < 0) throw new ColumnMapError(`--map: the file has no column "${source}" (it has: ${header.join(', ')})`);
    canonical.set(canon, i);
  }
  for (const canon of canonicalNames) {
    if (canonical.has(canon)) continue;
    const i = lower.indexOf(canon);
    if (i >= 0 && ![...canonical.values()].includes(i)) canonical.set(canon, i);
  }
  const used = new Set(canonical.values());
  const extra = header.map((name, index) => ({ name, index })).filter((c) => !used.has(c.index) && c.name.trim() !== '');
  return { canonical, extra };
}

export function cell(row: string[], cols: ResolvedColumns, canon: string): string | null {
  const i = cols.canonical.get(canon);
  if (i === undefined) return null;
  const v = (row[i] ?? '').trim();
  return v === '' ? null : v;
}

/**
 * Custom attributes keep numbers as numbers so the model sees them as numeric. The record has no
 * prototype: a column named "__proto__" is then an attribute like any other, not silently lost.
 */
export function extraAttributes(row: string[], cols: ResolvedColumns): Record<string, string | number> {
  const out = Object.create(null) as Record<string, string | number>;
  for (const { name, index } of cols.extra) {
    const v = (row[index] ?? '').trim();
    if (v === '') continue;
    const n = Number(v);
    out[name] = Number.isFinite(n) && /^-?[\d.]+(e-?\d+)?$/i.test(v) ? n : v;
  }
  return out;
}
