import type { Db } from '../db/open';
import type { QueueRow } from '../../shared/api/queue-view';
import type { BandThresholds } from '../../shared/scoring/rubric';
import { CALLBACK_MS_SQL, CREATED_MS_SQL, LEAD_SCORE_SQL, predictionJoin, rankPriority } from './lead-columns';
import { PRIORITY_SQL, PRIORITY_SQL_TOLERANCE } from './priority';
import { windowRows } from './window-rows';

/** Extra candidates beyond the window, so ties and the SQL/JS rounding gap rarely force a fallback. */
const SPARE = 64;

/**
 * The top of the default queue (open leads by rank) straight from SQL, for a queue whose columns
 * are not loaded yet — the first screen after start-up. SQLite keeps only the best `need + SPARE`
 * rows by an SQL copy of the priority (a top-N sort, no 100k rows cross into JS); those are then
 * ranked by the exact JS priority with the same tie-break as the full order (rowid). A kept row is
 * proven in its place when its exact priority beats every left-out row's possible priority. Ties
 * at the edge (common: priorities step by 0.1, and as time passes callbacks and new leads settle
 * into the same values) can leave the last rows unproven: the answer then holds the proven rows
 * only, fewer than `limit`, and is null when none of the window is proven; the caller waits for
 * the columns for what is missing.
 */
export function firstWindow(
  db: Db,
  offset: number,
  limit: number,
  nowMs: number,
  bands: BandThresholds,
): { total: number; rows: QueueRow[] } | null {
  const need = offset + limit;
  const pred = predictionJoin(db);
  const candidates = db
    .prepare(
      `SELECT rid, score, prob, attempts, created_ms, callback_ms, ${PRIORITY_SQL} AS approx
       FROM (SELECT l.rowid AS rid, ${LEAD_SCORE_SQL} AS score, ${pred.column} AS prob, l.call_count AS attempts,
                    ${CREATED_MS_SQL} AS created_ms, ${CALLBACK_MS_SQL} AS callback_ms
             FROM leads l ${pred.join} WHERE l.outcome IS NULL)
       ORDER BY approx DESC LIMIT @take`,
    )
    .all({ now: nowMs, take: need + SPARE }) as {
    rid: number;
    score: number | null;
    prob: number | null;
    attempts: number;
    created_ms: number | null;
    callback_ms: number | null;
    approx: number;
  }[];
  const n = (v: number | null): number => (v === null ? NaN : v);
  const exact = candidates.map((c) => ({
    rid: c.rid,
    priority: rankPriority(n(c.score), n(c.prob), c.attempts, n(c.created_ms), n(c.callback_ms), nowMs),
  }));
  exact.sort((a, b) => b.priority - a.priority || a.rid - b.rid);
  let proven = need;
  if (candidates.length === need + SPARE) {
    // Every row left out has approx <= the smallest kept approx, so exact <= that + tolerance.
    const leftOutBest =
      (candidates[candidates.length - 1] as { approx: number }).approx + PRIORITY_SQL_TOLERANCE;
    proven = 0;
    while (proven < need && (exact[proven] as { priority: number }).priority > leftOutBest) proven++;
  }
  if (proven <= offset) return null;
  const shown = exact.slice(offset, proven);
  const total = db.prepare('SELECT count(*) FROM leads WHERE outcome IS NULL').pluck().get() as number;
  const rows = windowRows(
    db,
    shown.map((s) => s.rid),
    shown.map((_, k) => offset + k + 1),
    nowMs,
    bands,
  );
  return { total, rows };
}
