import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open';
import { authHeader } from '../../../electron/sync/twilio/twilio-api';
import { syncTwilio, type TwilioSyncSummary } from '../../../electron/sync/twilio/twilio-sync';
import { watchProcessFaults, type ProcessFaults } from '../../fixtures/process-faults';
import { HostileServer, type HostileMode } from '../../fixtures/servers/hostile-server';
import { FakeTwilio } from '../../fixtures/servers/twilio-server';
import { tempDir } from '../../fixtures/temp';

const CREDS = { accountSid: 'AC' + 'a'.repeat(32), authToken: 'hostile-token' };
const CALLS = 6;

interface Bed {
  twilio: FakeTwilio;
  hostile: HostileServer;
  db: Db;
  dir: string;
  sync(): Promise<TwilioSyncSummary>;
}

let bed: Bed;
let faults: ProcessFaults;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  faults = watchProcessFaults();
  const twilio = new FakeTwilio({ ...CREDS, calls: CALLS });
  await twilio.start();
  const hostile = new HostileServer(() => twilio.baseUrl, authHeader(CREDS));
  await hostile.start();
  const tmp = tempDir('cr-hostile-twilio-');
  const db = openDatabase(join(tmp.path, 'callrank.db'));
  const dir = join(tmp.path, 'recordings');
  cleanups.push(
    () => tmp.cleanup(),
    () => void db.close(),
    () => twilio.stop(),
    () => hostile.stop(),
  );
  bed = {
    twilio,
    hostile,
    db,
    dir,
    sync: () =>
      syncTwilio(db, {
        baseUrl: hostile.baseUrl,
        credentials: CREDS,
        recordingsDir: dir,
        pageSize: 3,
        concurrency: 1,
        policy: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 },
        limits: { deadlineMs: 1500, lowSpeed: { bytesPerSecond: 64, windowMs: 400 } },
      }),
  };
});

afterEach(async () => {
  faults.stop();
  for (const c of cleanups.splice(0).reverse()) await c();
  // 0 crashes: nothing escaped as an uncaught exception or an unhandled rejection.
  expect(faults.faults).toEqual([]);
});

const item = (sid: string): { status: string; error: string | null } =>
  bed.db.prepare(`SELECT status, error FROM sync_items WHERE connector = 'twilio' AND remote_id = ?`).get(sid) as { status: string; error: string | null };
const lastError = (): string | null => (bed.db.prepare(`SELECT last_error FROM sync_connectors WHERE connector = 'twilio'`).get() as { last_error: string | null }).last_error;

/** The healed re-run: everything ingested once, no half files, and only what was missing fetched again. */
async function expectHealedRerun(alreadyIngested: string[]): Promise<void> {
  bed.hostile.heal();
  const logBefore = bed.twilio.log.length;
  const s = await bed.sync();
  expect(s.failed).toEqual([]);
  expect(s.ingested).toBe(CALLS);
  expect(lastError()).toBeNull();
  const rows = bed.db.prepare('SELECT external_id, recording_hash FROM calls').all() as { external_id: string; recording_hash: string }[];
  expect(rows).toHaveLength(CALLS);
  expect(new Set(rows.map((r) => r.external_id)).size).toBe(CALLS);
  for (const c of bed.twilio.calls) expect(rows.find((r) => r.external_id === c.sid)?.recording_hash).toBe(c.recording?.sha256);
  expect(bed.db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: CALLS });
  expect(readdirSync(bed.dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  // Calls already in the store were not downloaded again.
  const again = bed.twilio.log.slice(logBefore).filter((e) => e.route === 'media');
  const recOf = (sid: string): string => bed.twilio.calls.find((c) => c.sid === sid)?.recording?.sid ?? '?';
  for (const sid of alreadyIngested) expect(again.some((e) => e.url.includes(recOf(sid)))).toBe(false);
}

const ingestedSids = (): string[] => (bed.db.prepare(`SELECT remote_id FROM sync_items WHERE connector = 'twilio' AND status = 'ingested'`).pluck().all() as string[]);

/** One recording's media requests (call 2, a dual-channel one): a fault there is that call's alone. */
const MEDIA_FAULTS: [HostileMode, RegExp][] = [
  ['truncated', /download broke off \d+ times; last: the connection to 127\.0\.0\.1:\d+ closed after [\d.]+ (bytes|KiB) of [\d.]+ (bytes|KiB) received/],
  ['wrong-length', /WAV header says \d+ bytes, file has \d+/],
  ['reset', /download broke off \d+ times; last: the connection to 127\.0\.0\.1:\d+ (was reset|closed) after/],
  ['slow', /download broke off \d+ times; last: the answer from 127\.0\.0\.1:\d+ came too slowly: [\d.]+ bytes\/s/],
  ['redirect-loop', /redirected \(HTTP 302\) .*: more than 5 redirects \(a loop\?\); not followed/],
  ['huge', /the downloaded bytes are neither a WAV nor an MP3 file/],
  ['invalid-json', /the server sent application\/json instead of audio/],
  ['html-200', /the server sent text\/html; charset=utf-8 instead of audio: 502 Bad Gateway/],
];

describe('Twilio sync against a hostile server', () => {
  for (const [mode, reason] of MEDIA_FAULTS) {
    it(`${mode} on one recording: that call fails with its reason, the others are ingested, a re-run completes`, async () => {
      const victim = bed.twilio.calls[2];
      bed.hostile.mode = mode;
      bed.hostile.target = (r) => r.path.includes(`/Recordings/${victim?.recording?.sid}.`);
      const s = await bed.sync();
      expect(s.failed.map((f) => f.callSid)).toEqual([victim?.sid]);
      expect(s.failed[0]?.reason).toMatch(reason);
      expect(item(victim?.sid ?? '')).toEqual({ status: 'failed', error: expect.stringMatching(reason) });
      expect(s.ingested).toBe(CALLS - 1);
      expect(lastError()).toBe('1 calls failed');
      await expectHealedRerun(ingestedSids());
    });
  }

  it('redirect-away on a recording: followed to the storage host without the credentials, and ingested', async () => {
    const victim = bed.twilio.calls[2];
    bed.hostile.mode = 'redirect-away';
    bed.hostile.target = (r) => r.path.includes(`/Recordings/${victim?.recording?.sid}.`);
    const s = await bed.sync();
    expect(s.failed).toEqual([]);
    expect(s.ingested).toBe(CALLS);
    expect(bed.hostile.awaySeen.length).toBeGreaterThan(0);
    expect(bed.hostile.awaySeen.map((r) => r.authorization)).toEqual(bed.hostile.awaySeen.map(() => undefined));
  });

  it('401 mid-sync: the run stops at the first refusal, says so, leaves the rest for the next run, which completes', async () => {
    bed.hostile.mode = 'unauthorized';
    bed.hostile.target = (r) => r.n >= 6; // 2 calls pages, 2 recordings pages, 1 recording, then the credentials are refused
    const s = await bed.sync();
    expect(s.ingested).toBe(1);
    expect(s.failed).toHaveLength(1);
    expect(s.failed[0]?.reason).toMatch(/download failed: HTTP 401 .*Authenticate/);
    expect(lastError()).toMatch(/^stopped: download failed: HTTP 401 .*; 4 calls left for the next run$/);
    expect(bed.hostile.seen.filter((r) => r.mode === 'unauthorized')).toHaveLength(1);
    await expectHealedRerun(ingestedSids());
  });

  it('http10-close everywhere (with a 429 every 7th request): every call ingested, the waits reported', async () => {
    bed.hostile.mode = 'http10-close';
    const s = await bed.sync();
    expect(s.failed).toEqual([]);
    expect(s.ingested).toBe(CALLS);
    expect(s.waits).toEqual([expect.objectContaining({ reason: 'rate_limited', count: 1 })]);
  });

  it('retry-after-date on a recording: waits until the date, then ingests it', async () => {
    const victim = bed.twilio.calls[2];
    bed.hostile.mode = 'retry-after-date';
    bed.hostile.target = (r) => r.path.includes(`/Recordings/${victim?.recording?.sid}.`);
    const s = await bed.sync();
    expect(s.failed).toEqual([]);
    expect(s.ingested).toBe(CALLS);
    const waits = bed.db.prepare(`SELECT reason, detail FROM sync_waits WHERE connector = 'twilio'`).all() as { reason: string; detail: string }[];
    expect(waits).toEqual([{ reason: 'rate_limited', detail: expect.stringMatching(/429 Too Many Requests \(Retry-After \w{3}, \d\d \w{3} \d{4} [\d:]+ GMT\)/) }]);
  });

  /** The calls list's second page: a fault there ends the run, its reason kept as the connector's last error. */
  const LIST_FAULTS: [HostileMode, RegExp][] = [
    ['truncated', /^Twilio calls list: gave up on .* after 2 attempts; last problem: the connection to 127\.0\.0\.1:\d+ closed after/],
    ['wrong-length', /^Twilio calls list: the answer is not JSON/],
    ['reset', /^Twilio calls list: gave up on .* after 2 attempts; last problem: the connection to 127\.0\.0\.1:\d+ (was reset|closed)/],
    ['slow', /^Twilio calls list: gave up on .* after 2 attempts; last problem: the answer from 127\.0\.0\.1:\d+ (came too slowly|did not complete)/],
    ['redirect-loop', /^Twilio calls list: .*more than 5 redirects/],
    ['redirect-away', /^Twilio calls list: .*redirected \(HTTP 302\) to http:\/\/127\.0\.0\.1:\d+\/2010-04-01.*, another host: not followed with credentials/],
    ['huge', /^Twilio calls list: the answer from 127\.0\.0\.1:\d+ is larger than 8\.0 MiB; refused/],
    ['invalid-json', /^Twilio calls list: the answer is not JSON \(\d+ bytes\): \{"calls"/],
    ['html-200', /^Twilio calls list: the server sent an HTML page instead of JSON \("502 Bad Gateway"\)/],
    ['unauthorized', /^Twilio calls list: HTTP 401 .*Authenticate/],
  ];
  for (const [mode, reason] of LIST_FAULTS) {
    it(`${mode} on the second page of calls: the run fails with its reason, a re-run completes`, async () => {
      bed.hostile.mode = mode;
      bed.hostile.target = (r) => r.path.includes('/Calls.json') && r.path.includes('PageToken');
      await expect(bed.sync()).rejects.toThrow(reason);
      expect(lastError()).toMatch(reason);
      expect(ingestedSids()).toEqual([]);
      if (mode === 'redirect-away') expect(bed.hostile.awaySeen).toEqual([]);
      await expectHealedRerun([]);
    });
  }
});
