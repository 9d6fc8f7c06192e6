import { dirname, join, resolve } from 'node:path';

/** The app's own recordings store: beside the database, or CALLRANK_RECORDINGS_DIR (for the shell). */
export function recordingsStoreRoot(dbPath: string): string {
  return process.env.CALLRANK_RECORDINGS_DIR || join(dirname(resolve(dbPath)), 'recordings');
}

/** Where synced and uploaded recordings of one source land in the store. */
export function recordingsStore(dbPath: string, source: string): string {
  return join(recordingsStoreRoot(dbPath), source);
}
