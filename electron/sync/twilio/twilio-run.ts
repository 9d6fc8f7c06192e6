import type { Db } from '../../db/open';
import type { PhoneRegion } from '../../ingest/phone';
import type { SecretStore } from '../../secrets/secret-store';
import { describeWaits } from '../describe-waits';
import { TWILIO_DEFAULT_BASE_URL } from './twilio-api';
import { ensureDir, syncTwilio, type TwilioSyncEvent, type TwilioSyncSummary } from './twilio-sync';

export class MissingTwilioCredentials extends Error {
  constructor() {
    super('Twilio credentials missing: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or store them in the secure store)');
  }
}

export class SyncAlreadyRunning extends Error {
  constructor() {
    super('a Twilio sync is already running in this process');
  }
}

/** One Twilio run at a time per process: "Sync now" and the schedule share the connector's state. */
let inFlight = false;

export interface TwilioRunOptions {
  secrets: SecretStore;
  recordingsDir: string;
  baseUrl?: string;
  since?: string;
  pageSize?: number;
  concurrency?: number;
  onEvent?: (e: TwilioSyncEvent) => void;
  phoneRegion?: PhoneRegion;
}

/** The account's credentials from the secure store, or the error that says how to set them. */
export async function twilioCredentials(secrets: SecretStore): Promise<{ accountSid: string; authToken: string }> {
  const accountSid = await secrets.get('twilio.account_sid');
  const authToken = await secrets.get('twilio.auth_token');
  if (!accountSid || !authToken) throw new MissingTwilioCredentials();
  return { accountSid, authToken };
}

/** One Twilio sync with credentials from the secure store: what `sync twilio`, "Sync now" and the schedule run. */
export async function runTwilioSync(db: Db, o: TwilioRunOptions): Promise<TwilioSyncSummary & { accountHint: string; baseUrl: string; recordingsDir: string }> {
  // Claimed before the first await, so a caller sees the run as started the moment it asks.
  if (inFlight) throw new SyncAlreadyRunning();
  inFlight = true;
  try {
    const credentials = await twilioCredentials(o.secrets);
    const baseUrl = o.baseUrl ?? TWILIO_DEFAULT_BASE_URL;
    const recordingsDir = await ensureDir(o.recordingsDir);
    const s = await syncTwilio(db, { baseUrl, credentials, recordingsDir, since: o.since, pageSize: o.pageSize, concurrency: o.concurrency, onEvent: o.onEvent, phoneRegion: o.phoneRegion });
    return { ...s, accountHint: `${credentials.accountSid.slice(0, 6)}…`, baseUrl, recordingsDir };
  } finally {
    inFlight = false;
  }
}

/** The run's outcome in the words the CLI and the serve log both print. */
export function describeTwilioSync(s: TwilioSyncSummary): string[] {
  if (s.paused) return ['the Twilio connector is paused: nothing synced'];
  return [
    `listed ${s.listedCalls} calls (${s.newCalls} new); in store: ${s.ingested} ingested, ${s.noRecording} without recording, ` +
      `${s.stillPending} waiting for Twilio, ${s.failed.length} failed; cursor ${s.cursor ?? '(none)'}`,
    ...describeWaits(s.waits),
    ...s.failed.map((f) => `  failed ${f.callSid}: ${f.reason}`),
  ];
}
