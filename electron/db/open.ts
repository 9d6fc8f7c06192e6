import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { beginImmediateByDefault } from './immediate-transactions';
import { migrate } from './migrate';
import { migrations } from './migrations/index';
import { makeOwnerOnly } from './private-files';

export type Db = Database.Database;

export interface OpenOptions {
  /** Stop at this schema version (tests of a single migration). */
  targetVersion?: number;
  readonly?: boolean;
}

/** How much of the database file reads map: the leads and scores of a large contact center fit. */
const MMAP_BYTES = 256 * 1024 * 1024;

/** Opens (creating if needed) a CallRank database: WAL, foreign keys, migrated to the code's version. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // Deleted or replaced content is zeroed, not left in free pages: redaction and erasure rely on it.
    db.pragma('secure_delete = ON');
    // Reads map the file instead of copying each page through read() into SQLite's small page
    // cache: a scan of 100k leads (the queue's build, its first screen) takes a third to a half
    // less time. Writes still go through write(). Only erasure and retention VACUUM (shrinking
    // the file), and that shrink lands at a checkpoint no open snapshot still needs, after which
    // SQLite remaps: docs/design/erasure.md.
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    if (!options.readonly) {
      // A database an earlier version left readable by others is made owner-only (new ones are
      // created so: private-files.ts); SQLite gives a new -wal and -shm the database's own mode.
      if (path !== ':memory:') for (const file of [path, `${path}-wal`, `${path}-shm`]) makeOwnerOnly(file);
      beginImmediateByDefault(db);
      migrate(db, migrations, options.targetVersion);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
