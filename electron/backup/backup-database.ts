import Database from 'better-sqlite3';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Db } from '../db/open';
import { schemaVersion } from '../db/migrate';

export interface BackupResult {
  path: string;
  bytes: number;
  pages: number;
  schemaVersion: number;
  /** How often another process's writes made SQLite start the copy over. */
  restarts: number;
}

export interface BackupOptions {
  /** Pages copied per step; between steps this process's other work (the job runner) goes on. */
  stepPages?: number;
  onProgress?(copied: number, total: number): void;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

/** After this many restarts the rest is copied in one step: a busy writer elsewhere cannot starve a backup. */
const MAX_RESTARTS = 3;
const DEFAULT_STEP_PAGES = 1024;
const PARTIAL = '.partial-';

/**
 * Copies the open database to `target` with SQLite's online backup API: a consistent copy while
 * jobs keep writing (writes through this connection go into the copy as it runs; a write from
 * another process makes SQLite start over). The copy is made beside the target under a temporary
 * name, checked, synced and only then renamed over the target, so a kill or a full disk at any
 * point leaves the previous backup at `target` as it was.
 */
export async function backupDatabase(db: Db, target: string, options: BackupOptions = {}): Promise<BackupResult> {
  const path = resolve(target);
  if (!db.memory && path === resolve(db.name)) throw new BackupError('the backup file cannot be the database itself');
  mkdirSync(dirname(path), { recursive: true });
  removeDeadPartials(path);
  const tmp = `${path}${PARTIAL}${process.pid}`;
  rmSync(tmp, { force: true });
  const step = Math.max(1, options.stepPages ?? DEFAULT_STEP_PAGES);
  let restarts = 0;
  let lastRemaining = Infinity;
  try {
    const done = await db.backup(tmp, {
      progress: ({ totalPages, remainingPages }) => {
        if (remainingPages > lastRemaining) restarts++;
        lastRemaining = remainingPages;
        options.onProgress?.(totalPages - remainingPages, totalPages);
        return restarts >= MAX_RESTARTS ? 0x7fffffff : step;
      },
    });
    const version = sealCopy(tmp);
    fsyncFile(tmp);
    renameSync(tmp, path);
    fsyncFile(dirname(path));
    return { path, bytes: statSync(path).size, pages: done.totalPages, schemaVersion: version, restarts };
  } catch (err) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
    throw err instanceof BackupError ? err : new BackupError(`backup to ${path} failed: ${(err as Error).message}`);
  }
}

/**
 * Makes the copy one self-contained file (rollback journal, not WAL: nothing beside it is
 * needed to open it) and checks it before it may replace anything.
 */
function sealCopy(tmp: string): number {
  const copy = new Database(tmp);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the copy failed its check (${String(check)}): the previous backup is kept`);
    return schemaVersion(copy);
  } finally {
    copy.close();
  }
}

function fsyncFile(path: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems (and Windows, for folders) refuse to sync a folder; the rename still stands.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** A partial copy left by a backup process that was killed is removed; a live one's is left alone. */
function removeDeadPartials(path: string): void {
  const prefix = `${basename(path)}${PARTIAL}`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).replace(/-journal$/, ''));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) continue;
    rmSync(join(dirname(path), name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
