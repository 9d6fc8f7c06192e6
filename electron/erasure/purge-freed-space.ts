import type { Db } from '../db/open';

export interface PurgeResult {
  /** The WAL was emptied (truncated to 0 bytes); false when a reader kept it (the bytes go at the next checkpoint). */
  walTruncated: boolean;
}

/**
 * Deleted rows leave their bytes behind in SQLite: in the page's free space, on free pages, in
 * the WAL's older page images, and in the full-text index's segments (an FTS5 delete only adds a
 * tombstone). docs/design/erasure.md explains the choice: merge the index ('optimize'), rebuild the
 * file from live rows only (VACUUM, with secure_delete so the pages it frees are zeroed too), then
 * copy the WAL into the file and truncate it (wal_checkpoint(TRUNCATE)).
 */
export function purgeFreedSpace(db: Db): PurgeResult {
  const before = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    db.exec(`INSERT INTO transcript_fts(transcript_fts) VALUES ('optimize')`);
    db.exec('VACUUM');
    // A reader in another connection holds the WAL; busy_timeout waits for it, a few tries more.
    for (let i = 0; i < 5; i++) {
      const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[];
      if (row && row.busy === 0 && row.log === 0) return { walTruncated: true };
    }
    return { walTruncated: false };
  } finally {
    db.pragma(`secure_delete = ${before}`);
  }
}
