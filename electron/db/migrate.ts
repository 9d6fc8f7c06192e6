import type Database from 'better-sqlite3';
import type { Migration } from './migration';

export class DatabaseTooNewError extends Error {
  constructor(
    readonly dbVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `This database is at schema version ${dbVersion}, but this CallRank only knows up to ${codeVersion}. ` +
        'It was written by a newer CallRank: update the app instead of opening it with this one.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkOrder(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    const prev = list[i - 1];
    if (prev && m.version <= prev.version) {
      throw new Error(`Migrations out of order: ${prev.version}-${prev.name} before ${m.version}-${m.name}`);
    }
  });
}

/**
 * Brings the schema up to `target` (default: the newest known), one transaction per migration,
 * so a failure leaves the database at the last good version. Refuses databases from newer code.
 */
export function migrate(db: Database.Database, list: readonly Migration[], target?: number): number {
  checkOrder(list);
  const newest = list.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > newest) throw new DatabaseTooNewError(current, newest);
  const goal = target ?? newest;
  for (const m of list) {
    if (m.version <= current || m.version > goal) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return schemaVersion(db);
}
