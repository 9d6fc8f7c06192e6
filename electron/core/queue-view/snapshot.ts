import type { Db } from '../../db/open';

export function tableExists(db: Db, name: string): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

/** Changes made through this connection, or committed by any other: a cheap "did anything change". */
export function dataKey(db: Db): string {
  const changes = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return `${changes}:${db.pragma('data_version', { simple: true }) as number}`;
}
