import type { Db } from '../../db/open';
import type { SecretStore } from '../../secrets/secret-store';
import { describeWaits } from '../describe-waits';
import { TWILIO_DEFAULT_BASE_URL } from './twilio-api';
import { ensureDir, syncTwilio, type TwilioSyncEvent, type TwilioSyncSummary } from './twilio-sync';

export class MissingTwilioCredentials extends Error {
  constructor() {
    super('Twilio credentials missing: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or store them in the secure store)');
  }
}

export interface TwilioRunOptions {
  secrets: SecretStore;
  recordingsDir: string;
  baseUrl?: string;
  since?: string;
  pageSize?: number;
  concurrency?: number;
  onEvent?: (e: TwilioSyncEvent) => void;
}

/** One Twilio sync with credentials from the secure store: what `sync twilio` and the schedule both run. */
export async function runTwilioSync(db: Db, o: TwilioRunOptions): Promise<TwilioSyncSummary & { accountHint: string; baseUrl: string; recordingsDir: string }> {
  const accountSid = await o.secrets.get('twilio.account_sid');
  const authToken = await o.secrets.get('twilio.auth_token');
  if (!accountSid || !authToken) throw new MissingTwilioCredentials();
  const baseUrl = o.baseUrl ?? TWILIO_DEFAULT_BASE_URL;
  const recordingsDir = await ensureDir(o.recordingsDir);
  const s = await syncTwilio(db, { baseUrl, credentials: { accountSid, authToken }, recordingsDir, since: o.since, pageSize: o.pageSize, concurrency: o.concurrency, onEvent: o.onEvent });
  return { ...s, accountHint: `${accountSid.slice(0, 6)}…`, baseUrl, recordingsDir };
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
