import { stat } from 'node:fs/promises';
import type { Db } from '../db/open';
import { hashFile } from './hash';
import { BadRecordingError, probeRecording } from './probe';
import { BadSidecarError, readSidecar } from './sidecar';
import { markPathSeen, recordNewCall, recordRejection } from './record-call';
import { callIdForHash } from './ids';

export type IngestOutcome =
  | { kind: 'added'; path: string; callId: string }
  | { kind: 'unchanged'; path: string }
  | { kind: 'duplicate'; path: string; callId: string; original: string | null }
  | { kind: 'pending'; path: string; reason: string }
  | { kind: 'rejected'; path: string; reason: string };

export interface IngestOptions {
  /**
   * A file modified more recently than this may still be being written: check that its size
   * holds still. 0 when the caller already knows the file is complete (the watcher waits for that).
   */
  settleMs?: number;
}

export const PENDING_REASON = 'still being written (its size changed while reading); it will be taken once complete';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Whether the file is still growing; only files touched in the last moments are watched for it. */
async function stillBeingWritten(path: string, size: number, mtimeMs: number, settleMs: number): Promise<boolean> {
  if (settleMs <= 0 || Date.now() - mtimeMs > settleMs) return false;
  await sleep(settleMs);
  const again = await stat(path);
  return again.size !== size || again.mtimeMs !== mtimeMs;
}

export function recordPending(db: Db, path: string, size: number, mtimeMs: number): IngestOutcome {
  recordRejection(db, path, size, mtimeMs, PENDING_REASON);
  return { kind: 'pending', path, reason: PENDING_REASON };
}

/**
 * Takes one recording into the store. Never throws for a bad file: the outcome says what
 * happened and why, and a rejected file leaves everything already stored untouched.
 */
export async function ingestFile(db: Db, path: string, options: IngestOptions = {}): Promise<IngestOutcome> {
  const settleMs = options.settleMs ?? 1500;
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    return { kind: 'rejected', path, reason: `cannot read file: ${(err as Error).message}` };
  }
  const { size, mtimeMs } = info;
  const seen = db.prepare('SELECT size, mtime_ms, call_id FROM recording_files WHERE path = ?').get(path) as
    | { size: number; mtime_ms: number; call_id: string | null }
    | undefined;
  if (seen && seen.size === size && seen.mtime_ms === Math.trunc(mtimeMs)) return { kind: 'unchanged', path };

  const fail = (reason: string): IngestOutcome => {
    recordRejection(db, path, size, mtimeMs, reason);
    return { kind: 'rejected', path, reason };
  };
  try {
    if (size > 0 && (await stillBeingWritten(path, size, mtimeMs, settleMs))) return recordPending(db, path, size, mtimeMs);
    const hash = size > 0 ? await hashFile(path) : '';
    if (hash) {
      const existing = db.prepare('SELECT call_id, recording_path FROM calls WHERE recording_hash = ?').get(hash) as
        | { call_id: string; recording_path: string | null }
        | undefined;
      if (existing) {
        markPathSeen(db, { path, size, mtimeMs, hash }, existing.call_id);
        return { kind: 'duplicate', path, callId: existing.call_id, original: existing.recording_path };
      }
    }
    const audio = await probeRecording(path, size);
    const sidecar = await readSidecar(path);
    const callId = recordNewCall(db, { path, size, mtimeMs, hash, audio, sidecar });
    return { kind: 'added', path, callId };
  } catch (err) {
    if (err instanceof BadRecordingError || err instanceof BadSidecarError) return fail(err.message);
    // Two copies of one recording ingested at once: the second loses the UNIQUE race and is a duplicate.
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      const hash = await hashFile(path);
      return { kind: 'duplicate', path, callId: callIdForHash(hash), original: null };
    }
    return fail(`unexpected error: ${(err as Error).message}`);
  }
}
