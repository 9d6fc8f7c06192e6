import { existsSync, realpathSync, rmSync } from 'node:fs';
import type { Db } from '../db/open';
import { recordingAccess } from '../ingest/recording-folders';
import { sidecarPathFor } from '../ingest/sidecar';

export interface FilesErased {
  recordings: number;
  sidecars: number;
  /** Files CallRank may not remove (outside every recordings folder), with the reason, for a person to deal with. */
  leftInPlace: { path: string; reason: string }[];
}

/**
 * Removes recordings and their sidecars, but only files CallRank owns or reads: inside a
 * recordings folder (watched, ingested, or its own store), links resolved (recordingAccess). A
 * path a row points elsewhere (an edited review set, a moved folder) is reported, never deleted.
 */
export function eraseRecordingFiles(db: Db, paths: readonly string[]): FilesErased {
  const out: FilesErased = { recordings: 0, sidecars: 0, leftInPlace: [] };
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const access = recordingAccess(db, path);
    if (!access.ok) {
      out.leftInPlace.push({ path, reason: access.reason });
      continue;
    }
    rmSync(access.path, { force: true });
    out.recordings++;
    // The sidecar sits beside the recording: inside the same folder.
    for (const sidecar of new Set([sidecarPathFor(path), sidecarPathFor(access.path)])) {
      if (!existsSync(sidecar)) continue;
      rmSync(realpathSync(sidecar), { force: true });
      out.sidecars++;
    }
  }
  return out;
}
