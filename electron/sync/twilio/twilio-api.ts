import { z } from 'zod';
import { bindCredentials, type BoundCredentials } from '../../net/destinations';
import { fetchJson, type RetryingFetchOptions } from '../../net/retrying-fetch';

/**
 * The parts of Twilio's REST API 2010-04-01 that sync reads: Calls and Recordings lists
 * (paged through next_page_uri) and a recording's media file. Field names and formats follow
 * twilio_api_v2010.json (api.v2010.account.call / .recording; dates are RFC 2822 strings).
 */

export const TWILIO_DEFAULT_BASE_URL = 'https://api.twilio.com';

export const twilioCallSchema = z.object({
  sid: z.string().regex(/^CA[0-9a-fA-F]{32}$/),
  from: z.string().nullable().optional(),
  to: z.string().nullable().optional(),
  direction: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  start_time: z.string().nullable().optional(),
  duration: z.string().nullable().optional(),
  parent_call_sid: z.string().nullable().optional(),
});
export type TwilioCall = z.infer<typeof twilioCallSchema>;

export const twilioRecordingSchema = z.object({
  sid: z.string().regex(/^RE[0-9a-fA-F]{32}$/),
  call_sid: z.string().nullable().optional(),
  channels: z.number().int().nullable().optional(),
  status: z.string().nullable().optional(),
  duration: z.string().nullable().optional(),
  date_created: z.string().nullable().optional(),
});
export type TwilioRecording = z.infer<typeof twilioRecordingSchema>;

const pageFields = { next_page_uri: z.string().nullable().optional(), page: z.number().int().optional() };
const callsPageSchema = z.object({ ...pageFields, calls: z.array(twilioCallSchema) });
const recordingsPageSchema = z.object({ ...pageFields, recordings: z.array(twilioRecordingSchema) });

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

export interface TwilioApiOptions extends RetryingFetchOptions {
  baseUrl: string;
  credentials: TwilioCredentials;
  pageSize?: number;
}

export function authHeader(c: TwilioCredentials): string {
  return 'Basic ' + Buffer.from(`${c.accountSid}:${c.authToken}`).toString('base64');
}

/** The account's Basic auth, bound to the base URL's origin: no page link or redirect takes it elsewhere. */
export function twilioAuth(o: Pick<TwilioApiOptions, 'baseUrl' | 'credentials'>): BoundCredentials {
  return bindCredentials('twilio', o.baseUrl, { authorization: authHeader(o.credentials) });
}

/** Twilio date filters are whole UTC days written YYYY-MM-DD. */
export function twilioDay(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** RFC 2822 ("Fri, 18 Oct 2019 17:02:00 +0000") to ISO 8601, or null. */
export function twilioDateToIso(s: string | null | undefined): string | null {
  if (!s) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function accountPath(o: TwilioApiOptions): string {
  return `/2010-04-01/Accounts/${encodeURIComponent(o.credentials.accountSid)}`;
}

/**
 * Follows next_page_uri until it is null. A next page seen before ends the walk: a mock
 * (or a misbehaving proxy) that hands back the same link would otherwise loop forever. Twilio
 * gives the link as a path; an absolute one to another origin is refused by the bound credentials.
 */
async function* pages<T>(
  o: TwilioApiOptions,
  firstPath: string,
  schema: z.ZodType<{ next_page_uri?: string | null | undefined } & T>,
  what: string,
): AsyncGenerator<T & { pageNumber: number }> {
  const seen = new Set<string>();
  const auth = twilioAuth(o);
  let next: string | null = firstPath;
  for (let n = 1; next; n++) {
    seen.add(next);
    const answer = await fetchJson(new URL(next, o.baseUrl).toString(), { auth, headers: { accept: 'application/json' } }, o, `Twilio ${what}`);
    const parsed = schema.safeParse(answer);
    if (!parsed.success) throw new Error(`Twilio ${what}: unexpected answer: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    yield { ...parsed.data, pageNumber: n };
    const link: string | null = parsed.data.next_page_uri ?? null;
    next = link && !seen.has(link) ? link : null;
  }
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return q.toString();
}

/** Completed calls that started on or after `sinceDay` (YYYY-MM-DD), newest first as Twilio pages them. */
export function listCalls(o: TwilioApiOptions, sinceDay?: string): AsyncGenerator<{ calls: TwilioCall[]; pageNumber: number }> {
  // "StartTime>=2009-07-06" in Twilio's docs is the parameter "StartTime>" with the value "2009-07-06".
  const q = query({ Status: 'completed', 'StartTime>': sinceDay, PageSize: String(o.pageSize ?? 100) });
  return pages(o, `${accountPath(o)}/Calls.json?${q}`, callsPageSchema, 'calls list');
}

export function listRecordings(o: TwilioApiOptions, sinceDay?: string): AsyncGenerator<{ recordings: TwilioRecording[]; pageNumber: number }> {
  const q = query({ 'DateCreated>': sinceDay, PageSize: String(o.pageSize ?? 100) });
  return pages(o, `${accountPath(o)}/Recordings.json?${q}`, recordingsPageSchema, 'recordings list');
}

export async function listCallRecordings(o: TwilioApiOptions, callSid: string): Promise<TwilioRecording[]> {
  const out: TwilioRecording[] = [];
  const path = `${accountPath(o)}/Calls/${encodeURIComponent(callSid)}/Recordings.json?${query({ PageSize: '20' })}`;
  // Keep only this call's recordings, whatever a proxy or mock puts in the list.
  for await (const page of pages(o, path, recordingsPageSchema, 'call recordings')) out.push(...page.recordings.filter((r) => !r.call_sid || r.call_sid === callSid));
  return out;
}

/** The media file: `.wav` (or `.mp3`) after the recording's path; RequestedChannels=2 asks for the two legs apart. */
export function recordingMediaUrl(o: TwilioApiOptions, recordingSid: string, dualChannel: boolean): string {
  const url = new URL(`${accountPath(o)}/Recordings/${encodeURIComponent(recordingSid)}.wav`, o.baseUrl);
  if (dualChannel) url.searchParams.set('RequestedChannels', '2');
  return url.toString();
}

/** Several recordings of one call: prefer a completed dual-channel one, then the longest. */
export function bestRecording(recs: readonly TwilioRecording[]): TwilioRecording | null {
  const done = recs.filter((r) => r.status === 'completed' || r.status === null || r.status === undefined);
  done.sort((a, b) => (b.channels ?? 1) - (a.channels ?? 1) || Number(b.duration ?? 0) - Number(a.duration ?? 0) || a.sid.localeCompare(b.sid));
  return done[0] ?? null;
}
