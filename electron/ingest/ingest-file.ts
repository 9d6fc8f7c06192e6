import { stat } from 'node:fs/promises';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import { hashFile } from './hash';
import { BadRecordingError, probeRecording } from './probe';
import type { PhoneRegion } from './phone';
import { BadSidecarError, readSidecar } from './sidecar';
import { markPathSeen, recordNewCall, recordRejection, type NewRecording } from './record-call';

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
  /** Reads sidecar numbers written without a country code; default US. */
  phoneRegion?: PhoneRegion;
}

export const PENDING_REASON =
  'still being written (its size changed while reading); it will be taken once complete';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Whether the file is still growing; only files touched in the last moments are watched for it. */
async function stillBeingWritten(
  path: string,
  size: number,
  mtimeMs: number,
  settleMs: number,
): Promise<boolean> {
  if (settleMs <= 0 || Date.now() - mtimeMs > settleMs) return false;
  await sleep(settleMs);
  const again = await stat(path);
  return again.size !== size || again.mtimeMs !== mtimeMs;
}

export function recordPending(db: Db, path: string, size: number, mtimeMs: number): IngestOutcome {
  recordRejection(db, path, size, mtimeMs, PENDING_REASON);
  return { kind: 'pending', path, reason: PENDING_REASON };
}

/** A recording checked and read, ready to be stored. */
export interface ReadyRecording {
  kind: 'ready';
  rec: NewRecording;
}

/**
 * Everything about one file short of storing it: unchanged, duplicate, bad (with its reason,
 * recorded), or ready. Never throws for a bad file, and never touches what is already stored.
 */
export async function inspectFile(
  db: Db,
  path: string,
  options: IngestOptions = {},
): Promise<IngestOutcome | ReadyRecording> {
  const settleMs = options.settleMs ?? 1500;
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    return { kind: 'rejected', path, reason: `cannot read file: ${(err as Error).message}` };
  }
  const { size, mtimeMs } = info;
  const seen = stmt(db, 'SELECT size, mtime_ms FROM recording_files WHERE path = ?').get(path) as
    { size: number; mtime_ms: number } | undefined;
  if (seen && seen.size === size && seen.mtime_ms === Math.trunc(mtimeMs)) return { kind: 'unchanged', path };

  const fail = (reason: string): IngestOutcome => {
    recordRejection(db, path, size, mtimeMs, reason);
    return { kind: 'rejected', path, reason };
  };
  try {
    if (size > 0 && (await stillBeingWritten(path, size, mtimeMs, settleMs))) {
      return recordPending(db, path, size, mtimeMs);
    }
    const hash = size > 0 ? await hashFile(path, size) : '';
    if (hash) {
      const existing = stmt(db, 'SELECT call_id, recording_path FROM calls WHERE recording_hash = ?').get(
        hash,
      ) as { call_id: string; recording_path: string | null } | undefined;
      if (existing) {
        markPathSeen(db, { path, size, mtimeMs, hash }, existing.call_id);
        return { kind: 'duplicate', path, callId: existing.call_id, original: existing.recording_path };
      }
    }
    const audio = await probeRecording(path, size);
    const sidecar = await readSidecar(path);
    return { kind: 'ready', rec: { path, size, mtimeMs, hash, audio, sidecar } };
  } catch (err) {
    if (err instanceof BadRecordingError || err instanceof BadSidecarError) return fail(err.message);
    return fail(`unexpected error: ${(err as Error).message}`);
  }
}

/** Stores a ready recording; a copy that won the race a moment earlier makes this one a duplicate. */
export function commitRecording(db: Db, rec: NewRecording, region?: PhoneRegion): IngestOutcome {
  const reject = (reason: string): IngestOutcome => {
    recordRejection(db, rec.path, rec.size, rec.mtimeMs, reason);
    return { kind: 'rejected', path: rec.path, reason };
  };
  try {
    return { kind: 'added', path: rec.path, callId: recordNewCall(db, rec, region) };
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') {
      return reject(`unexpected error: ${(err as Error).message}`);
    }
    const same = stmt(db, 'SELECT call_id, recording_path FROM calls WHERE recording_hash = ?').get(rec.hash) as
      | { call_id: string; recording_path: string | null }
      | undefined;
    if (same) {
      markPathSeen(db, rec, same.call_id);
      return { kind: 'duplicate', path: rec.path, callId: same.call_id, original: same.recording_path };
    }
    const externalId = rec.sidecar?.external_id;
    const other = externalId
      ? (stmt(db, 'SELECT call_id, recording_path FROM calls WHERE external_id = ?').get(externalId) as
          | { call_id: string; recording_path: string | null }
          | undefined)
      : undefined;
    if (other) {
      return reject(
        `sidecar external_id "${externalId}" already belongs to call ${other.call_id}` +
          (other.recording_path ? ` (${other.recording_path})` : '') +
          ', whose audio differs: fix the sidecar or remove the other recording',
      );
    }
    return reject(`conflicts with a stored call: ${(err as Error).message}`);
  }
}

/** Takes one recording into the store (the watcher's path: one file at a time). */
export async function ingestFile(db: Db, path: string, options: IngestOptions = {}): Promise<IngestOutcome> {
  const inspected = await inspectFile(db, path, options);
  return inspected.kind === 'ready' ? commitRecording(db, inspected.rec, options.phoneRegion) : inspected;
}
