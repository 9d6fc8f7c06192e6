import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { EnvSecretStore } from '../../../electron/secrets/env-secret-store';
import { scheduleConnector, pauseConnector, type ConnectorStatus } from '../../../electron/sync/connector-controls';
import { runDueSyncs } from '../../../electron/sync/connector-worker';
import { runCliAsync } from '../../fixtures/servers/run-cli-async';
import { startServeChild } from '../../fixtures/servers/serve-child';
import { FakeTwilio } from '../../fixtures/servers/twilio-server';
import { tempDir } from '../../fixtures/temp';

const ACCOUNT = 'AC' + 'e'.repeat(32);
const AUTH = 'controls-auth-token';
const ENV = { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: AUTH };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(calls: number): Promise<{ twilio: FakeTwilio; dbPath: string; store: string }> {
  const twilio = new FakeTwilio({ accountSid: ACCOUNT, authToken: AUTH, calls });
  await twilio.start();
  const tmp = tempDir('cr-controls-');
  cleanups.push(tmp.cleanup, () => twilio.stop());
  return { twilio, dbPath: join(tmp.path, 'callrank.db'), store: join(tmp.path, 'store') };
}

describe('connector controls', () => {
  it('sync status, pause, resume and schedule from the CLI', async () => {
    const { twilio, dbPath, store } = await setup(3);
    const env = { ...ENV, CALLRANK_RECORDINGS_DIR: store };
    const cli = (...args: string[]) => runCliAsync(['sync', ...args, '--db', dbPath], env);

    const fresh = await cli('status');
    expect(fresh.stdout).toMatch(/^twilio: idle; no schedule \(Sync now only\)\n {2}last run: never/m);
    expect((await cli('schedule', 'twilio', '15', '--base-url', twilio.baseUrl)).stdout).toMatch(/twilio: runs every 15 min/);
    expect((await cli('pause', 'twilio')).code).toBe(0);
    const paused = await cli('twilio', '--base-url', twilio.baseUrl);
    expect(paused.stdout).toMatch(/the Twilio connector is paused: nothing synced/);
    expect(twilio.log).toHaveLength(0);

    const json = JSON.parse((await cli('status', '--json')).stdout) as ConnectorStatus[];
    expect(json.find((c) => c.connector === 'twilio')).toMatchObject({ paused: true, scheduleMinutes: 15, nextRunAt: null, options: { baseUrl: twilio.baseUrl } });

    await cli('resume', 'twilio');
    const ran = await cli('twilio', '--base-url', twilio.baseUrl);
    expect(ran.stdout).toMatch(/listed 3 calls \(3 new\); in store: 3 ingested/);
    const after = await cli('status');
    expect(after.stdout).toMatch(/twilio: idle; every 15 min, next \S+\n {2}last run: started \S+, finished \S+\n {2}calls seen: 3 ingested, 0 without recording, 0 pending, 0 failed/);

    const csv = await cli('schedule', 'csv', '5');
    expect(csv.code).toBe(2);
    expect(csv.stderr).toMatch(/csv cannot run on a schedule/);
    expect((await cli('pause', 'zoom')).stderr).toMatch(/needs a connector: twilio, csv, hubspot, salesforce, pipedrive/);
  }, 60_000);

  it('runs a scheduled connector when it is due, not before, and never while paused', async () => {
    const { twilio, dbPath, store } = await setup(4);
    process.env.CALLRANK_RECORDINGS_DIR = store;
    cleanups.push(() => void delete process.env.CALLRANK_RECORDINGS_DIR);
    const db = openDatabase(dbPath);
    cleanups.push(() => void db.close());
    const secrets = new EnvSecretStore(ENV);
    const now = Date.now();
    expect(await runDueSyncs(db, { secrets, dbPath, nowMs: now })).toEqual([]); // no schedule yet

    scheduleConnector(db, 'twilio', 10, { baseUrl: twilio.baseUrl });
    const first = await runDueSyncs(db, { secrets, dbPath, nowMs: now });
    expect(first).toEqual([{ connector: 'twilio', ok: true, lines: [expect.stringMatching(/listed 4 calls \(4 new\); in store: 4 ingested/)] }]);
    expect(await runDueSyncs(db, { secrets, dbPath, nowMs: Date.now() + 9 * 60_000 })).toEqual([]);

    pauseConnector(db, 'twilio', true);
    expect(await runDueSyncs(db, { secrets, dbPath, nowMs: Date.now() + 11 * 60_000 })).toEqual([]);
    pauseConnector(db, 'twilio', false);
    const second = await runDueSyncs(db, { secrets, dbPath, nowMs: Date.now() + 11 * 60_000 });
    expect(second[0]?.lines[0]).toMatch(/listed 4 calls \(0 new\); in store: 4 ingested/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM calls').get()).toEqual({ n: 4 });

    // Without credentials the run fails, is reported and kept as the connector's problem; nothing throws.
    const noKeys = await runDueSyncs(db, { secrets: new EnvSecretStore({}), dbPath, nowMs: Date.now() + 30 * 60_000 });
    expect(noKeys).toEqual([{ connector: 'twilio', ok: false, lines: [expect.stringMatching(/Twilio credentials missing/)] }]);
  }, 60_000);

  it('serve --watch runs the due scheduled sync on its own', async () => {
    const { twilio, dbPath, store } = await setup(2);
    const tmp = tempDir('cr-watch-');
    cleanups.push(tmp.cleanup);
    const db = openDatabase(dbPath);
    scheduleConnector(db, 'twilio', 60, { baseUrl: twilio.baseUrl });
    db.close();
    const serve = await startServeChild(['--watch', tmp.path, '--db', dbPath], { ...ENV, CALLRANK_RECORDINGS_DIR: store });
    cleanups.push(() => serve.stop());
    const log = await serve.waitFor(/scheduled sync twilio[^\n]*:\n {2}listed/);
    expect(log).toMatch(/scheduled sync twilio:\n {2}listed 2 calls \(2 new\); in store: 2 ingested/);
  }, 60_000);
});
