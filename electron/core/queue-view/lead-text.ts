import type { Db } from '../../db/open';
import { CHUNK, LATEST_AGENT_SQL, type LeadColumns } from './lead-columns';
import { sortedDistinct } from './packed-sort';

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

/** What each sortable text column is; names compare ignoring case, as a person reads them. */
export const TEXT_COLUMNS = {
  campaign: { expr: `NULLIF(l.campaign, '')`, foldCase: false },
  name: { expr: LEAD_NAME_SQL, foldCase: true },
  agent: { expr: LATEST_AGENT_SQL, foldCase: false },
} as const;
export type TextColumn = keyof typeof TEXT_COLUMNS;

/** Rows between yields when coding a column. */
const CODE_STEP = 20_000;

/** One text expression for every lead, CHUNK rows a step; null when rows no longer line up with `cols`. */
function* readColumn(db: Db, cols: LeadColumns, expr: string): Generator<void, (string | null)[] | null> {
  const stmt = db
    .prepare(`SELECT l.rowid, ${expr} FROM leads l WHERE l.rowid > ? ORDER BY l.rowid LIMIT ${CHUNK}`)
    .raw();
  const out = new Array<string | null>(cols.n);
  let after = 0;
  let i = 0;
  for (;;) {
    const rows = stmt.all(after) as [number, string | null][];
    for (const [rowid, value] of rows) {
      if (cols.rowid[i] !== rowid) return null;
      out[i++] = value;
    }
    if (rows.length < CHUNK) break;
    after = (rows[rows.length - 1] as [number, string | null])[0];
    yield;
  }
  return i === cols.n ? out : null;
}

/**
 * One text column as codes, in steps of a few milliseconds (the worker answers requests between
 * them): the values are read CHUNK rows a step, their distinct sort keys sorted stepwise, and
 * each row coded. Null when a write landed meanwhile (the caller's data key check rebuilds).
 */
export function* loadCodedText(db: Db, cols: LeadColumns, column: TextColumn): Generator<void, CodedText | null> {
  const { expr, foldCase } = TEXT_COLUMNS[column];
  const raw = yield* readColumn(db, cols, expr);
  if (!raw) return null;
  const keys = foldCase ? raw.map((v) => v && v.toLowerCase()) : raw;
  yield;
  const sorted = yield* sortedDistinct(keys);
  const codeOfKey = new Map(sorted.map((k, code) => [k, code]));
  const codes = new Float64Array(cols.n);
  const values = new Array<string>(sorted.length);
  for (let i = 0; i < cols.n; i++) {
    if (i % CODE_STEP === 0) yield;
    const key = keys[i];
    const code = key ? codeOfKey.get(key) : undefined;
    codes[i] = code ?? NaN;
    // The first spelling seen stands for the code ("Acme" and "ACME" share one).
    if (code !== undefined) values[code] ??= raw[i] as string;
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
