import { rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/open';
import type { Transcript } from '../../shared/transcript';
import { isInside } from '../ingest/inside-folder';
import { recordingsStoreRoot } from '../sync/recordings-store';
import { writeRedactedWav } from './redact-audio';
import { redactTranscript } from './redact-transcript';
import { enabledKinds, readRedactionSettings } from './redaction-settings';

/**
 * The one place a transcript (and its recording) becomes what is stored: the pipeline's commit, the
 * CSV import and the back-fill all go through here, so nothing reaches the database unredacted.
 * The rule for recordings (docs/design/redaction-at-rest.md): when something is removed, the call
 * plays a toned copy in the app's store; a recording the app itself stored (synced, uploaded) is
 * then deleted, one in a user's folder is left where it is (it is theirs) and never read again.
 */

export interface StoredTranscript {
  json: string;
  /** "speaker: text" per segment, one a line: what the full-text index holds. */
  text: string;
  count: number;
}

/** The transcript's stored form, with the kinds the settings name removed. */
export function storedTranscript(db: Db, transcript: Transcript): StoredTranscript & { times: { start: number; end: number }[] } {
  const r = redactTranscript(transcript, enabledKinds(readRedactionSettings(db)));
  return {
    json: JSON.stringify(r.transcript),
    text: r.transcript.segments.map((s) => `${s.speaker}: ${s.text}`).join('\n'),
    count: r.count,
    times: r.times,
  };
}

export interface PreparedRecording {
  /** Where the call's recording now is (the toned copy, or unchanged). */
  path: string | null;
  /** The original to delete once the call points at the copy: only one in the app's own store. */
  deleteAfterCommit: string | null;
}

/** Writes the toned copy before the commit (async decode), so the commit itself stays synchronous. */
export async function prepareRecording(db: Db, callId: string, recordingPath: string | null, times: readonly { start: number; end: number }[], signal?: AbortSignal): Promise<PreparedRecording> {
  if (!recordingPath || times.length === 0) return { path: recordingPath, deleteAfterCommit: null };
  const store = recordingsStoreRoot(db.name);
  const dir = join(store, 'redacted');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const copy = join(dir, `${callId}.wav`);
  await writeRedactedWav(recordingPath, copy, times, signal);
  const owned = recordingPath !== copy && isInside(store, recordingPath);
  return { path: copy, deleteAfterCommit: owned ? recordingPath : null };
}

/** Run last inside the commit that points the call at the copy (synchronous, as commits are). */
export function deleteOriginal(prepared: PreparedRecording): void {
  if (prepared.deleteAfterCommit) rmSync(prepared.deleteAfterCommit, { force: true });
}
