import { existsSync } from 'node:fs';
import { openDatabase } from '../db/open';
import { QueueView } from './queue-window';
import { indexStamp } from './snapshot';
import { storedIndexMatches, storedIndexPath } from './stored-index';

export type RefreshOutcome = 'none' | 'current' | 'stored' | 'not stored';

/**
 * After a CLI command (ingest, run, sync, import, rescore...): when the app keeps a queue index
 * beside this database and the command changed what the queue shows, the index is rebuilt and
 * stored now (about 0.3 s for 100k leads), so the app's next start loads it instead of building
 * while the supervisor waits. A database without an index file (never opened in the app) gets none.
 */
export function refreshStoredQueueIndex(dbPath: string): RefreshOutcome {
  const store = storedIndexPath(dbPath);
  if (!existsSync(dbPath) || !existsSync(store)) return 'none';
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const stamp = indexStamp(db);
    if (!stamp) return 'none';
    if (storedIndexMatches(store, stamp)) return 'current';
    return new QueueView(db, { store }).storeNow() ? 'stored' : 'not stored';
  } finally {
    db.close();
  }
}
