import { dirname, isAbsolute } from 'node:path';
import { isInside } from '../../ingest/inside-folder';
import type { Migration } from '../migration';

/**
 * The folders recordings are taken from (watched, ingested), so the app reads and serves files
 * from those folders only (ingest/recording-folders.ts). A database from before knew no folders:
 * the folders of the files ingest itself took become the known ones, so every stored call still
 * plays; a folder inside another known one adds nothing.
 */
export const migration: Migration = {
  version: 90,
  name: 'recording-folders',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS recording_folders (
        path     TEXT PRIMARY KEY,   -- the folder's real path (links resolved)
        added_at TEXT NOT NULL
      ) STRICT;
    `);
    const taken = db
      .prepare(`SELECT DISTINCT path FROM recording_files WHERE call_id IS NOT NULL`)
      .pluck()
      .all() as string[];
    const folders = [...new Set(taken.filter((p) => isAbsolute(p)).map((p) => dirname(p)))].sort(
      (a, b) => a.length - b.length,
    );
    const kept: string[] = [];
    for (const f of folders) if (!kept.some((k) => isInside(k, f))) kept.push(f);
    const add = db.prepare(`INSERT OR IGNORE INTO recording_folders (path, added_at) VALUES (?, ?)`);
    const now = new Date().toISOString();
    for (const f of kept) add.run(f, now);
  },
};
