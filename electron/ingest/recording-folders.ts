import { realpathSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { Db } from '../db/open';
import { isReviewSet, reviewSetAudioDir } from '../review-sets/review-set-file';
import { recordingsStoreRoot } from '../sync/recordings-store';
import { isRecordingPath } from './formats';
import { isInside } from './inside-folder';

/** Remembers a folder recordings are taken from (watched or ingested), by its real path. */
export function rememberRecordingFolder(db: Db, folder: string): void {
  let real: string;
  try {
    real = realpathSync(folder);
  } catch {
    return; // Nothing under a missing folder is read.
  }
  db.prepare(`INSERT OR IGNORE INTO recording_folders (path, added_at) VALUES (?, ?)`).run(real, new Date().toISOString());
}

/**
 * The folders whose files this database's calls may play or export: the folders recordings were
 * taken from, and the app's own recordings store. A review set is someone else's file: whatever
 * its rows say, its calls play only the recordings `review-set open` wrote out of it.
 */
export function recordingFolders(db: Db): string[] {
  if (isReviewSet(db)) return [reviewSetAudioDir(db.name)];
  const known = db.prepare(`SELECT path FROM recording_folders ORDER BY path`).pluck().all() as string[];
  return [...known, recordingsStoreRoot(db.name)];
}

export type RecordingAccess =
  | { ok: true; path: string; size: number }
  | { ok: false; status: 403 | 404; reason: string };

/**
 * Whether a call's recording may be read: an audio file that, links resolved, lies inside one of
 * recordingFolders(). Anything else (a path a review set was edited to hold, a link out of the
 * folder) is refused with the reason.
 */
export function recordingAccess(db: Db, path: string | null): RecordingAccess {
  if (!path) return { ok: false, status: 404, reason: 'the call has no recording' };
  if (!isAbsolute(path) || !isRecordingPath(path))
    return { ok: false, status: 403, reason: `not a recording file: ${path}` };
  let real: string;
  let size: number;
  try {
    real = realpathSync(path);
    const info = statSync(real);
    if (!info.isFile() || !isRecordingPath(real)) return { ok: false, status: 403, reason: `not a recording file: ${path}` };
    size = info.size;
  } catch {
    return { ok: false, status: 404, reason: `recording not found: ${path}` };
  }
  const inside = recordingFolders(db).some((folder) => {
    try {
      return isInside(realpathSync(folder), real);
    } catch {
      return false;
    }
  });
  if (!inside) {
    return {
      ok: false,
      status: 403,
      reason: `the recording ${path} is outside the recordings folders (watched, ingested, or the app's own): not read`,
    };
  }
  return { ok: true, path: real, size };
}
