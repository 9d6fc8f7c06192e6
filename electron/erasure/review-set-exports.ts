import { resolve } from 'node:path';
import type { Db } from '../db/open';

/** Notes an exported review set and its calls (a JSON array), in the export's transaction. */
export function recordReviewSetExport(db: Db, e: { path: string; setId: string; exportedAt: string; callIds: string }): void {
  db.prepare(`INSERT OR REPLACE INTO review_set_exports (path, set_id, exported_at, call_ids) VALUES (?, ?, ?, ?)`).run(
    resolve(e.path),
    e.setId,
    e.exportedAt,
    e.callIds,
  );
}

/**
 * The exported review sets that hold any of `callIds`: files CallRank wrote and handed over, which
 * it cannot reach into; an erasure lists them so a person can delete or re-export them. The calls
 * are then dropped from the record, which keeps no trace of whom it listed.
 */
export function takeReviewSetsHolding(db: Db, callIds: readonly string[]): { path: string; exportedAt: string; calls: number }[] {
  const ids = JSON.stringify(callIds);
  const rows = db
    .prepare(
      `SELECT e.set_id, e.path, e.exported_at,
              (SELECT COUNT(*) FROM json_each(e.call_ids) WHERE value IN (SELECT value FROM json_each(@ids))) AS hits
         FROM review_set_exports e WHERE hits > 0 ORDER BY e.exported_at`,
    )
    .all({ ids }) as { set_id: string; path: string; exported_at: string; hits: number }[];
  const drop = db.prepare(
    `UPDATE review_set_exports SET call_ids = (
       SELECT json_group_array(value) FROM json_each(call_ids) WHERE value NOT IN (SELECT value FROM json_each(@ids)))
     WHERE set_id = @setId`,
  );
  for (const r of rows) drop.run({ ids, setId: r.set_id });
  return rows.map((r) => ({ path: r.path, exportedAt: r.exported_at, calls: r.hits }));
}
