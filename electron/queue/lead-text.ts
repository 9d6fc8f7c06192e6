import { openDatabase, type Db } from '../db/open';
import { CHUNK, LATEST_AGENT_SQL, type ReadColumns } from './lead-columns';
import { sortedDistinct } from './key-order';

/**
 * A text column as sort codes: codes[i] is row i's place among the column's sorted distinct
 * values (NaN = no value), and values[code] is that value. Sorting, filtering and the filter
 * lists then work on small integers; the strings of 100k rows never need to be held or compared.
 * Names keep no values (nothing filters or lists by name): only their order matters.
 */
export interface CodedText {
  codes: Float64Array;
  values: string[];
}

export const LEAD_NAME_SQL = `NULLIF(TRIM(COALESCE(l.first_name,'') || ' ' || COALESCE(l.last_name,'')), '')`;

/**
 * Names in the order of the leads_name_order index (migration 0042): read sorted, never sorted
 * here. The expression is the index's, collation included, and the empty-name filter is a range on
 * it, so SQLite answers from the index alone (a covering scan, about 2.5x faster than looking up
 * each lead's row); the migration's test checks that plan.
 */
export const LEAD_NAME_ORDER_SQL = (() => {
  const name = `NULLIF(TRIM(COALESCE(first_name, '') || ' ' || COALESCE(last_name, '')), '') COLLATE NOCASE`;
  // NULLIF leaves either no name or a non-empty one: "> ''" keeps exactly the leads with a name.
  return `SELECT rowid, ${name} FROM leads WHERE ${name} > '' ORDER BY ${name}`;
})();

/** The sortable text columns: names compare ignoring case, as a person reads them. */
export type TextColumn = 'name' | 'campaign' | 'agent';

/** Rows between yields when coding a column. */
const CODE_STEP = 20_000;
/** Names per step when streaming them in order. */
const NAME_STEP = 2_000;

/**
 * Reads `select` for every lead in rowid order, CHUNK rows a step, handing each row (without its
 * rowid) and its index to `each`. False when the rows no longer line up with `cols` (a write
 * landed since they loaded; the caller's data key check rebuilds).
 */
function* readByRowid<Row extends unknown[]>(
  db: Db,
  cols: ReadColumns,
  select: string,
  each: (row: Row, i: number) => void,
): Generator<void, boolean> {
  const stmt = db
    .prepare(`SELECT l.rowid, ${select} FROM leads l WHERE l.rowid > ? ORDER BY l.rowid LIMIT ${CHUNK}`)
    .raw();
  let after = 0;
  let i = 0;
  for (;;) {
    const rows = stmt.all(after) as [number, ...Row][];
    for (const [rowid, ...rest] of rows) {
      if (cols.rowid[i] !== rowid) return false;
      each(rest as unknown as Row, i++);
    }
    if (rows.length < CHUNK) break;
    after = (rows[rows.length - 1] as [number, ...Row])[0];
    yield;
  }
  return i === cols.n;
}

/**
 * Row index of a rowid: the columns are in rowid order, so a binary search finds it, or, when no
 * lead was ever deleted (rowids without gaps, the usual case), a subtraction.
 */
function rowIndex(rowids: Float64Array, rowid: number): number {
  const n = rowids.length;
  const first = rowids[0] as number;
  if (n && (rowids[n - 1] as number) - first === n - 1) {
    const i = rowid - first;
    return i >= 0 && i < n ? i : -1;
  }
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
 * Names coded from the index order: equal names (ignoring case) are neighbours there and share a
 * code. A second read connection streams them, because a connection with an open iterator runs no
 * other statement and the first must keep answering requests between steps.
 */
export function* loadNameCodes(db: Db, cols: ReadColumns): Generator<void, CodedText | null> {
  const reader = db.memory ? null : openDatabase(db.name, { readonly: true });
  try {
    const stmt = (reader ?? db).prepare(LEAD_NAME_ORDER_SQL).raw();
    const rows = (reader ? stmt.iterate() : stmt.all()[Symbol.iterator]()) as Iterator<[number, string]>;
    const codes = new Float64Array(cols.n).fill(NaN);
    let code = -1;
    let previous: string | null = null;
    let k = 0;
    for (let r = rows.next(); !r.done; r = rows.next()) {
      const [rowid, name] = r.value;
      const i = rowIndex(cols.rowid, rowid);
      if (i < 0) {
        rows.return?.();
        return null;
      }
      const key = name.toLowerCase();
      if (key !== previous) {
        code++;
        previous = key;
      }
      codes[i] = code;
      if (++k % NAME_STEP === 0) yield;
    }
    return { codes, values: [] };
  } finally {
    reader?.close();
  }
}

/**
 * Campaign and latest agent as codes, from one scan in rowid order; null when the rows no longer
 * line up with `cols` (a write landed since they loaded; the caller's data key check rebuilds).
 */
export function* loadCampaignAgent(
  db: Db,
  cols: ReadColumns,
): Generator<void, { campaign: CodedText; agent: CodedText } | null> {
  const campaign = new Array<string | null>(cols.n);
  const agent = new Array<string | null>(cols.n);
  const ok = yield* readByRowid<[string | null, string | null]>(
    db,
    cols,
    `NULLIF(l.campaign, ''), ${LATEST_AGENT_SQL}`,
    ([c, a], i) => {
      campaign[i] = c;
      agent[i] = a;
    },
  );
  if (!ok) return null;
  return { campaign: yield* codeValues(campaign), agent: yield* codeValues(agent) };
}

/** A text column with few distinct values (campaign, agent): its values sorted stepwise, rows coded. */
function* codeValues(raw: readonly (string | null)[]): Generator<void, CodedText> {
  const sorted = yield* sortedDistinct(raw);
  const codeOf = new Map(sorted.map((v, code) => [v, code]));
  const codes = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    if (i % CODE_STEP === 0) yield;
    const value = raw[i];
    codes[i] = value ? (codeOf.get(value) as number) : NaN;
  }
  return { codes, values: sorted };
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
  cols: ReadColumns,
  agent: CodedText,
): Generator<void, string[] | null> {
  const out = new Array<string>(cols.n);
  const ok = yield* readByRowid<(string | null)[]>(
    db,
    cols,
    `${LEAD_NAME_SQL}, l.phone_number, l.lead_id, l.campaign`,
    (words, i) => {
      const code = agent.codes[i] as number;
      if (code === code) words.push(agent.values[code] as string);
      out[i] = words.filter(Boolean).join(' ').toLowerCase();
    },
  );
  return ok ? out : null;
}
