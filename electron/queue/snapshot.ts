import type { Db } from '../db/open';
import type { IndexStamp } from './stored-index';

export function tableExists(db: Db, name: string): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

/** Changes made through this connection, or committed by any other: a cheap "did anything change". */
export function dataKey(db: Db): string {
  const changes = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return `${changes}:${db.pragma('data_version', { simple: true }) as number}`;
}

const counted = new WeakMap<Db, boolean>();

/**
 * The database's count of changes to what the queue reads (migration 0043): it survives restarts
 * and ignores writes the queue does not show. Null on a schema without it.
 */
export function queueDataVersion(db: Db): { database: string; n: number } | null {
  let has = counted.get(db);
  if (has === undefined) counted.set(db, (has = tableExists(db, 'queue_data_version')));
  if (!has) return null;
  return (
    (db.prepare('SELECT database, n FROM queue_data_version WHERE id = 1').get() as
      | { database: string; n: number }
      | undefined) ?? null
  );
}

/** When the queue's index must be rebuilt: its data version, or any change at all on an older schema. */
export function queueDataKey(db: Db): string {
  const version = queueDataVersion(db);
  return version === null ? dataKey(db) : `${version.database}:${version.n}`;
}

/** What the database holds now, as a stored index records it; null on a schema without a data version. */
export function indexStamp(db: Db): IndexStamp | null {
  const version = queueDataVersion(db);
  if (!version) return null;
  const { leads, lastRowid } = db
    .prepare('SELECT count(*) AS leads, COALESCE(max(rowid), 0) AS lastRowid FROM leads')
    .get() as { leads: number; lastRowid: number };
  return { key: `${version.database}:${version.n}`, leads, lastRowid };
}
