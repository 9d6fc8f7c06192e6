import type { Db } from '../../db/open';
import { CHUNK, LATEST_AGENT_SQL, type LeadColumns } from './lead-columns';

/**
 * A text column as sort codes: codes[i] is row i's place among the column's sorted distinct
 * values (NaN = no value), and values[code] is that value. Sorting, filtering and the filter
 * lists then work on small integers; the strings of 100k rows never need to be held or compared.
 */
export interface CodedText {
  codes: Float64Array;
  values: string[];
}

export const LEAD_NAME_SQL = `NULLIF(TRIM(COALESCE(l.first_name,'') || ' ' || COALESCE(l.last_name,'')), '')`;

/** What each sortable text column is, and how it compares (names ignore ASCII case, as a person reads them). */
export const TEXT_COLUMNS = {
  campaign: { expr: `NULLIF(l.campaign, '')`, collate: 'BINARY' },
  name: { expr: LEAD_NAME_SQL, collate: 'NOCASE' },
  agent: { expr: LATEST_AGENT_SQL, collate: 'BINARY' },
} as const;
export type TextColumn = keyof typeof TEXT_COLUMNS;

/** Row index of a rowid: the columns are in rowid order, so a binary search finds it. */
function rowIndex(rowids: Float64Array, rowid: number): number {
  let lo = 0;
  let hi = rowids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = rowids[mid] as number;
    if (v === rowid) return mid;
    if (v < rowid) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * One text column's codes in one query: SQLite sorts the values (dense_rank), so equal values
 * share a code and the order is SQLite's collation, the same order an SQL ORDER BY gives.
 * Null when a row is not in `cols` (a write landed since the columns loaded; the caller rebuilds).
 */
export function loadCodedText(db: Db, cols: LeadColumns, column: TextColumn): CodedText | null {
  const { expr, collate } = TEXT_COLUMNS[column];
  const rows = db
    .prepare(
      `SELECT rid, dense_rank() OVER (ORDER BY v COLLATE ${collate}) - 1, v
       FROM (SELECT l.rowid AS rid, ${expr} AS v FROM leads l) WHERE v IS NOT NULL`,
    )
    .raw()
    .all() as [number, number, string][];
  const codes = new Float64Array(cols.n).fill(NaN);
  const values: string[] = [];
  for (const [rowid, code, value] of rows) {
    const i = rowIndex(cols.rowid, rowid);
    if (i < 0) return null;
    codes[i] = code;
    values[code] ??= value;
  }
  return { codes, values };
}

/** The code of `value` in a column, or -1: filters compare codes, not strings. */
export function codeOf(text: CodedText, value: string): number {
  return text.values.indexOf(value);
}

/**
 * Lower-cased name, phone, id, campaign and agent per row, for search: built on the first search
 * only, in CHUNK-row steps between which the caller may yield. Null when rows no longer line up.
 */
export function* loadSearchText(
  db: Db,
  cols: LeadColumns,
  agent: CodedText,
): Generator<void, string[] | null> {
  const stmt = db
    .prepare(
      `SELECT l.rowid, ${LEAD_NAME_SQL}, l.phone_number, l.lead_id, l.campaign
       FROM leads l WHERE l.rowid > ? ORDER BY l.rowid LIMIT ${CHUNK}`,
    )
    .raw();
  const out = new Array<string>(cols.n);
  let after = 0;
  let i = 0;
  for (;;) {
    const rows = stmt.all(after) as [number, ...(string | null)[]][];
    for (const [rowid, ...words] of rows) {
      if (cols.rowid[i] !== rowid) return null;
      const code = agent.codes[i] as number;
      if (code === code) words.push(agent.values[code] as string);
      out[i++] = words.filter(Boolean).join(' ').toLowerCase();
    }
    if (rows.length < CHUNK) break;
    after = (rows[rows.length - 1] as [number])[0];
    yield;
  }
  return i === cols.n ? out : null;
}
