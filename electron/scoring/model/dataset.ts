/** A raw feature table: one value per row per column, before any type detection. */
export type RawValue = string | number | boolean | null;

export interface RawTable {
  columns: string[];
  /** values[c][r] */
  values: RawValue[][];
  rows: number;
}

export type ColumnKind = 'numeric' | 'categorical';

export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  missingShare: number;
  distinct: number;
}

export interface DroppedColumn {
  name: string;
  reason: string;
}

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '-', '?']);

export function isMissing(v: RawValue): boolean {
  if (v === null) return true;
  if (typeof v === 'number') return !Number.isFinite(v);
  if (typeof v === 'string') return MISSING.has(v.trim().toLowerCase());
  return false;
}

export function toNumber(v: RawValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null) return NaN;
  const t = v.trim();
  return t === '' ? NaN : Number(t);
}

/** Share of present values that must read as numbers for the column to count as numeric. */
const NUMERIC_SHARE = 0.98;

/**
 * Decides numeric vs categorical per column from the data, and drops columns a model cannot use:
 * constant ones and identifiers (a distinct value in nearly every row).
 */
export function detectColumns(table: RawTable): { columns: ColumnInfo[]; dropped: DroppedColumn[] } {
  const columns: ColumnInfo[] = [];
  const dropped: DroppedColumn[] = [];
  table.columns.forEach((name, c) => {
    const vals = table.values[c] ?? [];
    let present = 0;
    let numeric = 0;
    let integer = 0;
    const distinct = new Set<string>();
    for (const v of vals) {
      if (isMissing(v)) continue;
      present++;
      const x = toNumber(v);
      if (Number.isFinite(x)) {
        numeric++;
        if (Number.isInteger(x)) integer++;
      }
      if (distinct.size <= table.rows) distinct.add(String(v).trim().toLowerCase());
    }
    const info: ColumnInfo = {
      name,
      kind: present > 0 && numeric >= NUMERIC_SHARE * present ? 'numeric' : 'categorical',
      missingShare: table.rows ? 1 - present / table.rows : 1,
      distinct: distinct.size,
    };
    if (distinct.size <= 1) dropped.push({ name, reason: 'constant or empty' });
    else if (distinct.size >= 0.9 * present && present > 20 && (info.kind === 'categorical' || integer === numeric))
      dropped.push({ name, reason: 'identifier-like: a distinct value in nearly every row' });
    else columns.push(info);
  });
  return { columns, dropped };
}
