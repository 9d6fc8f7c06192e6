import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Scheduled backups are named so, and only files so named are ever listed or removed by the keep-last-N rule. */
const NAME = /^callrank-(\d{8}T\d{6}Z)\.db$/;

export function scheduledBackupName(now: Date): string {
  return `callrank-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.db`;
}

export interface BackupFile {
  path: string;
  name: string;
  bytes: number;
  /** When it was written (the file's time). */
  at: string;
}

/** The scheduled backups in a folder, newest first. */
export function listBackups(folder: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((n) => NAME.test(n))
    .map((name) => {
      const path = join(folder, name);
      const s = statSync(path);
      return { path, name, bytes: s.size, at: s.mtime.toISOString() };
    })
    .sort((a, b) => (a.name < b.name ? 1 : -1));
}

/** Keeps the newest `keep` scheduled backups and removes the rest; returns the removed names. */
export function pruneBackups(folder: string, keep: number): string[] {
  const old = listBackups(folder).slice(Math.max(1, keep));
  for (const b of old) rmSync(b.path, { force: true });
  return old.map((b) => b.name);
}
