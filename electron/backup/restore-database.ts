import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseTooNewError, schemaVersion } from '../db/migrate';
import { migrations } from '../db/migrations/index';
import { openDatabase } from '../db/open';
import { storedIndexPath } from '../queue/stored-index';
import { isReviewSet } from '../review-sets/review-set-file';

export class RestoreError extends Error {
  override name = 'RestoreError';
}

export interface BackupFileInfo {
  schemaVersion: number;
  calls: number;
  leads: number;
}

export interface RestoreResult extends BackupFileInfo {
  /** The schema version the backup was written at (older ones are migrated on restore). */
  fromVersion: number;
  /** Where the database that was replaced now is: nothing is thrown away. */
  previous: string | null;
}

const SQLITE_MAGIC = 'SQLite format 3\0';
/** Tables every CallRank database has had since its first version. */
const CORE_TABLES = ['leads', 'calls', 'jobs', 'recording_files'];

/**
 * Whether `file` is a CallRank database this code can restore: an SQLite file with CallRank's
 * tables, not a review set, intact (integrity_check), at a schema version not newer than the
 * code's. Each refusal says which, for the person who picked the file.
 */
export function checkBackupFile(file: string): BackupFileInfo {
  const path = resolve(file);
  if (!existsSync(path)) throw new RestoreError(`${path} does not exist`);
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== SQLITE_MAGIC) throw new RestoreError(`${path} is not a CallRank backup: it is not an SQLite database`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new RestoreError(`${path} cannot be opened: ${(err as Error).message}`);
  }
  try {
    const tables = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
    const missing = CORE_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw new RestoreError(`${path} is not a CallRank backup: it has no ${missing.join(', ')} table`);
    if (isReviewSet(db)) throw new RestoreError(`${path} is a review set, not a backup: open it with \`review-set open\``);
    const problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const bad = problems.map((p) => p.integrity_check).filter((p) => p !== 'ok');
    if (bad.length) throw new RestoreError(`${path} is damaged (integrity check: ${bad.slice(0, 3).join('; ')}): not restored`);
    const version = schemaVersion(db);
    const newest = migrations.at(-1)?.version ?? 0;
    if (version > newest) throw new RestoreError(new DatabaseTooNewError(version, newest).message);
    const count = (t: string): number => db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number;
    return { schemaVersion: version, calls: count('calls'), leads: count('leads') };
  } catch (err) {
    if (err instanceof RestoreError) throw err;
    throw new RestoreError(`${path} cannot be read as a CallRank backup: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * Replaces the database at `dbPath` with the backup `file`. The backup is checked, copied beside
 * the database, migrated there to this code's schema and checked again; only then is the current
 * database moved aside (kept as `<db>.before-restore-<time>`) and the copy renamed into its place.
 * A failure at any step before the rename leaves the current database as it was. The app or
 * `serve` must not have the database open: one that another connection is reading is refused.
 */
export async function restoreDatabase(file: string, dbPath: string, now = new Date()): Promise<RestoreResult> {
  const from = checkBackupFile(file);
  const target = resolve(dbPath);
  if (resolve(file) === target) throw new RestoreError('the backup file is the database itself');
  const staging = `${target}.restoring`;
  const clear = (base: string): void => {
    for (const f of [base, `${base}-wal`, `${base}-shm`, `${base}-journal`]) rmSync(f, { force: true });
  };
  clear(staging);
  try {
    const source = new Database(resolve(file), { readonly: true, fileMustExist: true });
    try {
      // The backup API, not a file copy: a backup kept in WAL mode with its -wal beside it comes whole.
      await source.backup(staging);
    } finally {
      source.close();
    }
    // Older backups are brought up to this code's schema on the copy, never on the file given.
    const staged = openDatabase(staging);
    try {
      const bad = staged.pragma('integrity_check', { simple: true });
      if (bad !== 'ok') throw new RestoreError(`the restored copy failed its integrity check (${String(bad)})`);
      staged.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      staged.close();
    }
  } catch (err) {
    clear(staging);
    if (err instanceof RestoreError) throw err;
    throw new RestoreError(`the backup could not be restored: ${(err as Error).message}`);
  }
  let previous: string | null = null;
  try {
    if (existsSync(target)) {
      assertNotInUse(target);
      previous = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, previous);
      for (const side of ['-wal', '-shm']) rmSync(`${target}${side}`, { force: true });
    }
    renameSync(staging, target);
    for (const side of ['-wal', '-shm']) rmSync(`${staging}${side}`, { force: true });
  } catch (err) {
    clear(staging);
    if (err instanceof RestoreError) throw err;
    throw new RestoreError(`the database could not be replaced: ${(err as Error).message}`);
  }
  forgetQueueIndex(target);
  const after = checkBackupFile(target);
  return { ...after, fromVersion: from.schemaVersion, previous };
}

/**
 * Folds the current database's WAL into it and checks nobody else is reading it: a checkpoint
 * that cannot finish means another connection (the app, serve, a CLI run) holds it open.
 */
function assertNotInUse(path: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[];
    if (row && row.busy !== 0)
      throw new RestoreError(`${path} is in use by another CallRank process (the app or serve): close it, then restore`);
    db.pragma('journal_mode = DELETE');
  } catch (err) {
    if (err instanceof RestoreError) throw err;
    throw new RestoreError(`${path} is in use by another CallRank process (the app or serve): close it, then restore (${(err as Error).message})`);
  } finally {
    db.close();
  }
}

/** Removes a stored queue index: it was built from the database being replaced. */
export function forgetQueueIndex(dbPath: string): void {
  rmSync(storedIndexPath(dbPath), { force: true });
}
