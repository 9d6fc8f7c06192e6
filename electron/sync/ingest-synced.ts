import { rename, rm, writeFile } from 'node:fs/promises';
import type { Db } from '../db/open';
import { ingestFile } from '../ingest/ingest-file';
import { forgetFile } from '../ingest/record-call';
import type { PhoneRegion } from '../ingest/phone';
import { sidecarPathFor, sidecarSchema, type Sidecar } from '../ingest/sidecar';

export type SyncedIngest = { ok: true; callId: string; note: string | null } | { ok: false; reason: string };

/** The call a remote id already became, if any: the store's own answer to "did we sync this?". */
export function callForExternalId(db: Db, externalId: string): string | null {
  const row = db.prepare('SELECT call_id FROM calls WHERE external_id = ?').get(externalId) as { call_id: string } | undefined;
  return row?.call_id ?? null;
}

/** Writes the sidecar atomically, so ingest never reads half a JSON file. */
export async function writeSidecar(recordingPath: string, sidecar: Sidecar): Promise<void> {
  const parsed = sidecarSchema.parse(sidecar);
  const path = sidecarPathFor(recordingPath);
  await writeFile(path + '.tmp', JSON.stringify(parsed, null, 2) + '\n');
  await rename(path + '.tmp', path);
}

/**
 * Runs a synced recording through the same ingest as the watched folder (same hashing, probe,
 * lead matching and job queueing) and maps every outcome to the call it belongs to. `phoneRegion`
 * reads numbers given without a country code (default US).
 */
export async function ingestSynced(db: Db, recordingPath: string, phoneRegion?: PhoneRegion): Promise<SyncedIngest> {
  const outcome = await ingestFile(db, recordingPath, { settleMs: 0, phoneRegion });
  switch (outcome.kind) {
    case 'added':
      return { ok: true, callId: outcome.callId, note: null };
    case 'duplicate':
      return { ok: true, callId: outcome.callId, note: `same audio as call ${outcome.callId} already in the store` };
    case 'unchanged': {
      const row = db.prepare('SELECT call_id FROM recording_files WHERE path = ?').get(recordingPath) as
        | { call_id: string | null }
        | undefined;
      return row?.call_id ? { ok: true, callId: row.call_id, note: null } : { ok: false, reason: 'file was seen before and rejected' };
    }
    case 'pending':
    case 'rejected':
      return { ok: false, reason: outcome.reason };
  }
}

/**
 * ingestSynced for a copy the app made in its own store (a Twilio download, a call-log CSV's
 * recording, an upload): until the copy is a call of its own it is ours to remove, so a refused
 * recording, or the same audio as a stored call, leaves no file or sidecar behind, and a later
 * run downloads it again instead of meeting "seen before and rejected".
 */
export async function ingestStoreCopy(db: Db, recordingPath: string, phoneRegion?: PhoneRegion): Promise<SyncedIngest> {
  let kept = false;
  try {
    const outcome = await ingestSynced(db, recordingPath, phoneRegion);
    kept = outcome.ok && outcome.note === null;
    return outcome;
  } finally {
    if (!kept) await discardStoreCopy(db, recordingPath);
  }
}

/** Removes a store copy that is not a call of its own, with its sidecar and what ingest noted of it. */
export async function discardStoreCopy(db: Db, path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(sidecarPathFor(path), { force: true });
  await rm(sidecarPathFor(path) + '.tmp', { force: true });
  forgetFile(db, path);
}
