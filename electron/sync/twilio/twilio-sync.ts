import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../db/open';
import type { PhoneRegion } from '../../ingest/phone';
import type { Sidecar } from '../../ingest/sidecar';
import { downloadVerified } from '../download';
import type { Limits } from '../../net/outbound-fetch';
import { failsEveryRequest, HttpError, type RetryPolicy, type WaitNotice } from '../../net/retrying-fetch';
import { callForExternalId, ingestStoreCopy, writeSidecar } from '../ingest-synced';
import { runLimited } from '../run-limited';
import {
  countItems,
  finishRun,
  getConnector,
  logWait,
  pendingItems,
  startRun,
  updateItem,
  upsertSeen,
  waitsOfRun,
  type ItemStatus,
  type WaitSummary,
} from '../sync-store';
import {
  bestRecording,
  listCallRecordings,
  listCalls,
  listRecordings,
  recordingMediaUrl,
  twilioCallSchema,
  twilioDateToIso,
  twilioAuth,
  twilioDay,
  type TwilioApiOptions,
  type TwilioCall,
  type TwilioCredentials,
  type TwilioRecording,
} from './twilio-api';

export const TWILIO = 'twilio';

export type TwilioSyncEvent =
  | { type: 'page'; list: 'calls' | 'recordings'; page: number; items: number; newItems: number }
  | { type: 'wait'; notice: WaitNotice }
  | { type: 'item'; callSid: string; status: ItemStatus; detail: string | null };

export interface TwilioSyncOptions {
  baseUrl: string;
  credentials: TwilioCredentials;
  /** Where downloaded recordings and their sidecars land (the app's recordings store). */
  recordingsDir: string;
  /** Overrides the stored cursor: list calls from this moment on. */
  since?: string;
  pageSize?: number;
  concurrency?: number;
  policy?: Partial<RetryPolicy>;
  /** Size, speed and deadline limits of each request (tests tighten them). */
  limits?: Partial<Limits>;
  onEvent?: (e: TwilioSyncEvent) => void;
  /** Reads numbers without a country code (a SIP trunk's local format, say); default US. */
  phoneRegion?: PhoneRegion;
}

export interface TwilioSyncSummary {
  paused: boolean;
  listedCalls: number;
  newCalls: number;
  ingested: number;
  noRecording: number;
  stillPending: number;
  failed: { callSid: string; reason: string }[];
  waits: WaitSummary[];
  cursor: string | null;
}

/** A day of overlap: calls finishing after the last run, or late recordings, are picked up again (and skipped if known). */
const OVERLAP_MS = 24 * 3600_000;

function sidecarFor(call: TwilioCall, dual: boolean): Sidecar {
  const outbound = (call.direction ?? '').startsWith('outbound') || call.direction === 'trunking-terminating';
  const started = twilioDateToIso(call.start_time);
  return {
    external_id: call.sid,
    direction: outbound ? 'outbound' : 'inbound',
    ...(call.from ? { from: call.from } : {}),
    ...(call.to ? { to: call.to } : {}),
    ...(started ? { started_at: started } : {}),
    // Twilio puts the parent call's leg (the party Twilio first connected: the caller inbound,
    // the dialled customer for API-originated calls) on the first channel, the <Dial>ed agent on the second.
    ...(dual ? { channels: { left: 'customer', right: 'agent' } } : {}),
  };
}

async function processCall(
  db: Db,
  api: TwilioApiOptions,
  opts: TwilioSyncOptions,
  call: TwilioCall,
  known: Map<string, TwilioRecording[]>,
): Promise<{ status: ItemStatus; detail: string | null; callId?: string; recordingSid?: string; file?: string }> {
  const existing = callForExternalId(db, call.sid);
  if (existing) return { status: 'ingested', detail: 'already in the store', callId: existing };
  const recs = known.get(call.sid) ?? (await listCallRecordings(api, call.sid));
  const rec = bestRecording(recs);
  if (!rec) {
    const processing = recs.some((r) => r.status === 'processing' || r.status === 'in-progress');
    return processing ? { status: 'pending', detail: 'recording still processing at Twilio' } : { status: 'no_recording', detail: null };
  }
  const dual = (rec.channels ?? 1) >= 2;
  const file = join(opts.recordingsDir, `${call.sid}.wav`);
  await writeSidecar(file, sidecarFor(call, dual));
  // Twilio may answer a media request with a redirect to a short-lived URL on its storage host:
  // followed, but without the account's credentials (the signed URL needs none).
  const common = { auth: twilioAuth(api), crossOriginRedirects: 'follow-without-credentials' as const, policy: opts.policy, limits: opts.limits, onWait: api.onWait };
  try {
    await downloadVerified(recordingMediaUrl(api, rec.sid, dual), file, common);
  } catch (err) {
    // 16113: "Cannot download a dual-channel presentation of a mono recording" — take the mono file.
    if (!(dual && err instanceof HttpError && err.status === 400 && err.body.includes('16113'))) throw err;
    await writeSidecar(file, sidecarFor(call, false));
    await downloadVerified(recordingMediaUrl(api, rec.sid, false), file, common);
  }
  const ingested = await ingestStoreCopy(db, file, opts.phoneRegion);
  if (!ingested.ok) return { status: 'failed', detail: `recording ${rec.sid} rejected: ${ingested.reason}`, recordingSid: rec.sid, file };
  return { status: 'ingested', detail: ingested.note, callId: ingested.callId, recordingSid: rec.sid, file };
}

/**
 * One sync run: list calls since the cursor (recording every call SID the first time it is
 * seen), list their recordings, then download and ingest every call not yet in the store.
 * Everything is keyed by call SID, so a run killed at any point and started again finishes
 * the work without repeating any of it.
 */
export async function syncTwilio(db: Db, opts: TwilioSyncOptions): Promise<TwilioSyncSummary> {
  const conn = getConnector(db, TWILIO);
  const empty: TwilioSyncSummary = { paused: true, listedCalls: 0, newCalls: 0, ingested: 0, noRecording: 0, stillPending: 0, failed: [], waits: [], cursor: conn.cursor };
  if (conn.paused) return empty;
  await mkdir(opts.recordingsDir, { recursive: true });
  const runAt = startRun(db, TWILIO);
  const emit = opts.onEvent ?? (() => {});
  const api: TwilioApiOptions = {
    baseUrl: opts.baseUrl,
    credentials: opts.credentials,
    pageSize: opts.pageSize,
    policy: opts.policy,
    limits: opts.limits,
    onWait: (notice) => {
      logWait(db, TWILIO, runAt, notice);
      emit({ type: 'wait', notice });
    },
  };
  const from = opts.since ?? conn.cursor;
  const sinceDay = from ? twilioDay(new Date(Date.parse(from) - OVERLAP_MS).toISOString()) : undefined;
  let listedCalls = 0;
  let newCalls = 0;
  let newest = conn.cursor;
  const failed: { callSid: string; reason: string }[] = [];
  let stopped: string | null = null;
  let notTried = 0;
  try {
    for await (const page of listCalls(api, sinceDay)) {
      let fresh = 0;
      db.transaction(() => {
        for (const c of page.calls) if (upsertSeen(db, TWILIO, c.sid, c)) fresh++;
      })();
      for (const c of page.calls) {
        const started = twilioDateToIso(c.start_time);
        if (started && (!newest || started > newest)) newest = started;
      }
      listedCalls += page.calls.length;
      newCalls += fresh;
      emit({ type: 'page', list: 'calls', page: page.pageNumber, items: page.calls.length, newItems: fresh });
    }
    const pending = pendingItems(db, TWILIO);
    const known = new Map<string, TwilioRecording[]>();
    if (pending.length > 0) {
      for await (const page of listRecordings(api, sinceDay)) {
        for (const r of page.recordings) if (r.call_sid) known.set(r.call_sid, [...(known.get(r.call_sid) ?? []), r]);
        emit({ type: 'page', list: 'recordings', page: page.pageNumber, items: page.recordings.length, newItems: 0 });
      }
    }
    await runLimited(pending, opts.concurrency ?? 4, async (item) => {
      if (stopped) {
        notTried++;
        return;
      }
      const call = twilioCallSchema.parse(JSON.parse(item.remote_json));
      try {
        const r = await processCall(db, api, opts, call, known);
        updateItem(db, TWILIO, call.sid, { status: r.status, error: r.status === 'failed' ? r.detail : null, callId: r.callId, recordingId: r.recordingSid, filePath: r.file });
        if (r.status === 'failed') failed.push({ callSid: call.sid, reason: r.detail ?? 'failed' });
        emit({ type: 'item', callSid: call.sid, status: r.status, detail: r.detail });
      } catch (err) {
        const reason = (err as Error).message;
        updateItem(db, TWILIO, call.sid, { status: 'failed', error: reason });
        failed.push({ callSid: call.sid, reason });
        emit({ type: 'item', callSid: call.sid, status: 'failed', detail: reason });
        // Refused credentials or a refused destination would fail every call the same way: stop asking.
        if (failsEveryRequest(err)) stopped ??= reason;
      }
    });
  } catch (err) {
    const message = (err as Error).message;
    finishRun(db, TWILIO, { error: message, summary: { listedCalls, newCalls } });
    throw err;
  }
  const counts = countItems(db, TWILIO);
  const summary: TwilioSyncSummary = {
    paused: false,
    listedCalls,
    newCalls,
    ingested: counts.ingested,
    noRecording: counts.no_recording,
    stillPending: counts.pending,
    failed,
    waits: waitsOfRun(db, TWILIO, runAt),
    cursor: newest,
  };
  const error = stopped
    ? `stopped: ${stopped}; ${notTried} calls left for the next run`
    : failed.length
      ? `${failed.length} calls failed`
      : null;
  finishRun(db, TWILIO, { error, summary, cursor: newest });
  return summary;
}

export async function ensureDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}
