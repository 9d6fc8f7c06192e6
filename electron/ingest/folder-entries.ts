import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isRecordingPath } from './formats';
import { isInside } from './inside-folder';

/** Something under a recordings folder that ingest and the watcher leave alone, and why. */
export interface SkippedEntry {
  path: string;
  reason: string;
}

const errCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/**
 * Why a symbolic link under the folder is not followed, or null when it does not matter (a
 * broken link to some other kind of file). Links are never followed: one that leaves the folder
 * would let a link read any file on the machine, one that points back up loops for ever, and one
 * to a place inside the folder names a file that is read where it is anyway.
 */
export async function whyLinkNotFollowed(realRoot: string, link: string): Promise<string | null> {
  let target: string;
  try {
    target = await realpath(link);
  } catch (err) {
    const code = errCode(err);
    if (code === 'ELOOP') return 'a symbolic link loop: not followed';
    return isRecordingPath(link) ? `a symbolic link that leads nowhere (${code}): not followed` : null;
  }
  const isDir = (await stat(target).catch(() => null))?.isDirectory() ?? false;
  if (!isDir && !isRecordingPath(link)) return null;
  if (!isInside(realRoot, target)) return `a symbolic link to ${target}, outside the recordings folder: not followed`;
  const realLinkDir = await realpath(join(link, '..')).catch(() => null);
  if (isDir && realLinkDir && isInside(target, realLinkDir))
    return `a symbolic link loop (to ${target}, a folder it is in): not followed`;
  return `a symbolic link to ${target}, inside the recordings folder: not followed (that ${isDir ? 'folder' : 'file'} is read where it is)`;
}

export interface FolderListing {
  /** Recordings (by name) that are plain files under the folder, sorted. */
  recordings: string[];
  skipped: SkippedEntry[];
}

/**
 * Every recording under a folder, walked without following links (whyLinkNotFollowed). A
 * sub-folder that cannot be read is skipped and said; the rest is still listed. Paths are under
 * the folder's real path (the folder chosen may itself be a link), as the watcher's are.
 */
export async function listFolder(folder: string): Promise<FolderListing> {
  const realRoot = await realpath(folder);
  const recordings: string[] = [];
  const skipped: SkippedEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (dir === realRoot) throw err;
      skipped.push({ path: dir, reason: `a folder that cannot be read (${errCode(err)}): skipped` });
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile()) {
        if (isRecordingPath(e.name)) recordings.push(path);
      } else if (e.isSymbolicLink()) {
        const reason = await whyLinkNotFollowed(realRoot, path);
        if (reason) skipped.push({ path, reason });
      }
    }
  };
  await walk(realRoot);
  return { recordings: recordings.sort(), skipped: skipped.sort((a, b) => a.path.localeCompare(b.path)) };
}
