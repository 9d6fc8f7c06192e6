import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { HostileServer } from '../../fixtures/servers/hostile-server';
import { runCliAsync } from '../../fixtures/servers/run-cli-async';
import { FakeTwilio } from '../../fixtures/servers/twilio-server';
import { tempDir } from '../../fixtures/temp';

const CREDS = { accountSid: 'AC' + 'b'.repeat(32), authToken: 'http10-token' };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('sync twilio (CLI) against a server that answers HTTP/1.0 and closes every connection', () => {
  it('lists both pages and ingests all 60 calls; the process survives and a re-run adds nothing', async () => {
    // Recordings of varied sizes (16 KB to 600 KB): bodies big enough to be paused under back-pressure
    // when the server closes the connection, which killed the process with an AssertionError from undici.
    const twilio = new FakeTwilio({ ...CREDS, calls: 60, recordingSeconds: (i) => 0.5 + i * 0.31 });
    await twilio.start();
    const hostile = new HostileServer(() => twilio.baseUrl);
    await hostile.start();
    hostile.mode = 'http10-close';
    const tmp = tempDir('cr-http10-');
    cleanups.push(
      () => tmp.cleanup(),
      () => twilio.stop(),
      () => hostile.stop(),
    );
    const dbPath = join(tmp.path, 'callrank.db');
    const env = { TWILIO_ACCOUNT_SID: CREDS.accountSid, TWILIO_AUTH_TOKEN: CREDS.authToken };
    const args = ['sync', 'twilio', '--base-url', hostile.baseUrl, '--page-size', '50', '--concurrency', '4', '--db', dbPath];

    const r = await runCliAsync(args, env);
    expect(r.stderr).not.toMatch(/AssertionError|Uncaught|node:internal/);
    expect(r.stdout).toMatch(/calls page 1: 50 listed, 50 new\n {2}calls page 2: 10 listed, 10 new/);
    expect(r.stdout).toMatch(/listed 60 calls \(60 new\); in store: 60 ingested, 0 without recording, 0 waiting for Twilio, 0 failed/);
    expect(r.stderr).toMatch(/waiting 1\.0 s \(attempt \d\): 429 Too Many Requests \(Retry-After 1\)/);
    expect(r.code).toBe(0);
    expect(hostile.seen.every((s) => s.mode === 'http10-close')).toBe(true);

    const again = await runCliAsync(args, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/listed 60 calls \(0 new\); in store: 60 ingested/);
    const db = openDatabase(dbPath);
    try {
      expect(db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT external_id) AS d FROM calls').get()).toEqual({ n: 60, d: 60 });
    } finally {
      db.close();
    }
  });
});
