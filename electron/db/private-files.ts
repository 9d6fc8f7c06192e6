import { chmodSync, statSync } from 'node:fs';

/**
 * Every file and folder this process creates from now on is its user's alone (0600 / 0700): the
 * database and its -wal and -shm, settings, secrets, the recordings the app stores, the queue
 * index, review sets, exports. One switch at each entry point (the CLI, the desktop app) rather
 * than a mode at every place that writes. Windows has no such mask; its profile folders are
 * private already.
 */
export function keepNewFilesPrivate(): void {
  if (process.platform !== 'win32') process.umask(0o077);
}

/**
 * A data file others can read (made by an earlier version, or copied with its source's mode,
 * which the mask does not touch) is made owner-only. A file that is not there, or not ours to
 * change, is left as it is.
 */
export function makeOwnerOnly(path: string): void {
  if (process.platform === 'win32') return;
  try {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) chmodSync(path, mode & 0o700);
  } catch {
    // Missing, or someone else's: nothing to tighten here.
  }
}
