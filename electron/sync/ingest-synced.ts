import { rename, writeFile } from 'node:fs/promises';
import type { Db } from '../db/open';
import { ingestFile } from '../ingest/ingest-file';
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
