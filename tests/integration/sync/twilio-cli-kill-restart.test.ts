import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { runCliAsync as runCli, spawnCliProcess } from '../../fixtures/servers/run-cli-async';
import { FakeTwilio } from '../../fixtures/servers/twilio-server';
import { tempDir } from '../../fixtures/temp';

const ACCOUNT = 'AC' + 'e'.repeat(32);
const TOKEN = 'kill-test-token';
const env = { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN, CALLRANK_RECORDINGS_DIR: '' };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Waits for a condition the test itself cannot hurry (a file appearing), polling a bounded number of times. */
async function until(cond: () => boolean, what: string, tries = 600): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('sync twilio (CLI in a child process)', () => {
  it('500 calls over 10 pages, SIGKILLed mid-way and restarted: every call and recording exactly once', async () => {
    const server = new FakeTwilio({ accountSid: ACCOUNT, authToken: TOKEN, calls: 500 });
    await server.start();
    const tmp = tempDir('cr-twkill-');
    cleanups.push(() => tmp.cleanup(), () => server.stop());
    const dbPath = join(tmp.path, 'callrank.db');
    const recDir = join(tmp.path, 'store');
    // The 200th recording download sends 3000 bytes and then stalls: the process is killed there.
    let stalled = false;
    server.injectAt('media', 200, { kind: 'stall', afterBytes: 3000, onStall: () => (stalled = true) });
    const args = ['sync', 'twilio', '--base-url', server.baseUrl, '--page-size', '50', '--db', dbPath];
    const child = spawnCliProcess(args, { ...env, CALLRANK_RECORDINGS_DIR: recDir });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    const stalledSid = () => /\/(RE[0-9a-f]{32})\./.exec(server.log.filter((e) => e.route === 'media')[199]?.url ?? '')?.[1];
    const partOf = (): string | null => {
      const sid = stalledSid();
      const call = server.calls.find((c) => c.recording?.sid === sid);
      return call ? join(recDir, 'twilio', `${call.sid}.wav.part`) : null;
    };
    await until(() => stalled && !!partOf() && existsSync(partOf() ?? '') && statSync(partOf() ?? '').size === 3000, `the stalled download (output so far: ${out})`);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const mid = openDatabase(dbPath);
    const midCalls = (mid.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n;
    mid.close();
    expect(midCalls).toBeGreaterThan(0);
    expect(midCalls).toBeLessThan(500);

    const again = await runCli(args, { ...env, CALLRANK_RECORDINGS_DIR: recDir });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/listed 500 calls \(0 new\); in store: 500 ingested, 0 without recording, 0 waiting for Twilio, 0 failed/);

    const db = openDatabase(dbPath);
    cleanups.push(() => void db.close());
    const rows = db.prepare('SELECT external_id, recording_hash FROM calls').all() as { external_id: string; recording_hash: string }[];
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(500);
    const hashBySid = new Map(rows.map((r) => [r.external_id, r.recording_hash]));
    for (const c of server.calls) expect(hashBySid.get(c.sid), c.sid).toBe(c.recording?.sha256);
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 500 });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM sync_items WHERE status = 'ingested'`).get()).toEqual({ n: 500 });
    const files = readdirSync(join(recDir, 'twilio'));
    expect(files.filter((f) => f.endsWith('.wav'))).toHaveLength(500);
    expect(files.filter((f) => f.endsWith('.part') || f.endsWith('.tmp'))).toEqual([]);
    // The interrupted download continued from the bytes already on disk instead of starting over.
    const sid = stalledSid();
    expect(server.log.some((e) => e.route === 'media' && e.url.includes(sid ?? '?') && e.range === 'bytes=3000-')).toBe(true);

    // A third run lists only from the stored cursor (less a day of overlap), finds nothing new and downloads nothing.
    const media = server.count('media');
    const third = await runCli(args, { ...env, CALLRANK_RECORDINGS_DIR: recDir });
    expect(third.code).toBe(0);
    const listed = Number(/listed (\d+) calls \(0 new\)/.exec(third.stdout)?.[1]);
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThan(500);
    expect(decodeURIComponent(server.log.filter((e) => e.route === 'calls').at(-1)?.url ?? '')).toMatch(/StartTime>=\d{4}-\d{2}-\d{2}/);
    expect(server.count('media')).toBe(media);
  }, 240_000);

  it('rides out 429s and 5xx without loss or duplicates, and tells the user why it was slow', async () => {
    const server = new FakeTwilio({ accountSid: ACCOUNT, authToken: TOKEN, calls: 60 });
    await server.start();
    const tmp = tempDir('cr-tw429-');
    cleanups.push(() => tmp.cleanup(), () => server.stop());
    server.inject('calls', { kind: 'status', status: 429, retryAfter: '1' }, { kind: 'status', status: 429, retryAfter: '1' });
    server.injectAt('calls', 4, { kind: 'status', status: 500 });
    server.inject('recordings', { kind: 'status', status: 503 });
    server.injectAt('media', 5, { kind: 'status', status: 500 });
    server.injectAt('media', 9, { kind: 'status', status: 502 });
    server.injectAt('media', 20, { kind: 'status', status: 429, retryAfter: '1' });
    server.injectAt('media', 30, { kind: 'drop', afterBytes: 500 });
    const dbPath = join(tmp.path, 'callrank.db');
    const r = await runCli(['sync', 'twilio', '--base-url', server.baseUrl, '--page-size', '20', '--db', dbPath], {
      ...env,
      CALLRANK_RECORDINGS_DIR: join(tmp.path, 'store'),
    });
    expect(r.code).toBe(0);
    // As it happens, on stderr:
    expect(r.stderr).toMatch(/waiting 1\.0 s \(attempt 1\): 429 Too Many Requests \(Retry-After 1\) on \/2010-04-01\/Accounts\/AC[e]+\/Calls\.json/);
    expect(r.stderr).toMatch(/attempt 2\): 429 Too Many Requests/);
    expect(r.stderr).toMatch(/500 Internal Server Error/);
    expect(r.stderr).toMatch(/503 Service Unavailable/);
    expect(r.stderr).toMatch(/transfer broke off at byte \d+, resuming/);
    // And summed up at the end, on stdout:
    expect(r.stdout).toMatch(/listed 60 calls \(60 new\); in store: 60 ingested/);
    expect(r.stdout).toMatch(/slowed down: waited \d+\.\d s in total/);
    expect(r.stdout).toMatch(/3× rate limited by the server \(HTTP 429, waited as its Retry-After asked\): 3\.0 s/);
    expect(r.stdout).toMatch(/4× server errors \(HTTP 5xx\), retried with backoff/);

    const db = openDatabase(dbPath);
    cleanups.push(() => void db.close());
    const rows = db.prepare('SELECT external_id, recording_hash FROM calls').all() as { external_id: string; recording_hash: string }[];
    expect(rows).toHaveLength(60);
    const hashBySid = new Map(rows.map((x) => [x.external_id, x.recording_hash]));
    for (const c of server.calls) expect(hashBySid.get(c.sid)).toBe(c.recording?.sha256);
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 60 });
    // The waits are kept with the run, for the connector's status page.
    const waits = db.prepare(`SELECT reason, COUNT(*) AS n FROM sync_waits GROUP BY reason ORDER BY reason`).all();
    expect(waits).toEqual([
      { reason: 'network', n: 1 },
      { reason: 'rate_limited', n: 3 },
      { reason: 'server_error', n: 4 },
    ]);
  }, 120_000);
});
