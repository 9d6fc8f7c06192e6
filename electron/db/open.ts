import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { beginImmediateByDefault } from './immediate-transactions';
import { migrate } from './migrate';
import { migrations } from './migrations/index';

export type Db = Database.Database;

export interface OpenOptions {
  /** Stop at this schema version (tests of a single migration). */
  targetVersion?: number;
  readonly?: boolean;
}

/** Opens (creating if needed) a CallRank database: WAL, foreign keys, migrated to the code's version. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      beginImmediateByDefault(db);
      migrate(db, migrations, options.targetVersion);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
