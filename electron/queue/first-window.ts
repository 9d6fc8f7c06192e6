import type { Db } from '../db/open';
import type { QueueRow } from '../../shared/api/queue-view';
import type { BandThresholds } from '../../shared/scoring/rubric';
import { rankOrderSql, registerRankFunction } from '../ranking/rank-formula';
import { predictionJoin } from './lead-columns';
import { windowRows } from './window-rows';

/**
 * The top of the default queue (open leads by rank) straight from SQL, for a queue whose columns
 * are not loaded yet — the first screen after start-up. SQLite keeps only the best `offset + limit`
 * rows (a top-N sort, no 100k rows cross into JS), ordered by the rank formula itself
 * (rank_priority, registered from ranking/rank-formula.ts) with the full order's tie-break (rowid):
 * the same rows in the same order as the loaded queue.
 */
export function firstWindow(db: Db, offset: number, limit: number, nowMs: number, bands: BandThresholds): { total: number; rows: QueueRow[] } {
  registerRankFunction(db);
  const pred = predictionJoin(db);
  const rowids = db
    .prepare(`SELECT l.rowid FROM leads l ${pred.join} WHERE l.outcome IS NULL ORDER BY ${rankOrderSql(pred.column)} LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ now: nowMs, limit, offset }) as number[];
  const total = db.prepare('SELECT count(*) FROM leads WHERE outcome IS NULL').pluck().get() as number;
  const rows = windowRows(
    db,
    rowids,
    rowids.map((_, k) => offset + k + 1),
    nowMs,
    bands,
  );
  return { total, rows };
}
