import { dirname, join, resolve } from 'node:path';

/** Synced and uploaded recordings land in the app's recordings store beside the database (overridable for the shell). */
export function recordingsStore(dbPath: string, source: string): string {
  return join(process.env.CALLRANK_RECORDINGS_DIR ?? join(dirname(resolve(dbPath)), 'recordings'), source);
}
