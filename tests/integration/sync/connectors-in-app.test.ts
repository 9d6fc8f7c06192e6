import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorView } from '../../../shared/api/connectors';
import { ApiError, dispatch } from '../../../electron/core/dispatch';
import { startCore, type RunningCore } from '../../../electron/core/start-core';
import { openDatabase } from '../../../electron/db/open';
import { EncryptedFileSecretStore } from '../../../electron/secrets/encrypted-file-secret-store';
import { JsonFileSettingsStore } from '../../../electron/settings/settings-store';
import { FakeHubSpot } from '../../fixtures/servers/hubspot-server';
import { FakeSalesforce } from '../../fixtures/servers/salesforce-server';

/** Salesforce where a Lead is converted by a colleague between CallRank's lookup and its write. */
class ConvertedMeanwhile extends FakeSalesforce {
  convertOnWrite: string | null = null;
  protected override route(method: string, url: URL, body: unknown): ReturnType<FakeSalesforce['route']> {
    const lead = method === 'PATCH' && this.convertOnWrite ? this.leads.get(this.convertOnWrite) : undefined;
    if (lead) Object.assign(lead, { IsConverted: true, Status: 'Closed - Converted' });
    return super.route(method, url, body);
  }
}
import { FakeTwilio } from '../../fixtures/servers/twilio-server';
import { tempDir } from '../../fixtures/temp';
import { DEFAULT_LEAD_RUBRIC } from '../../../electron/scoring/default-rubrics';
import { seedScoredLeads } from '../crm/crm-fixture';

/** Scored leads as the CRM tests seed them, under a lead rubric the core can read. */
function seedLeads(dbPath: string, n: number, email: (i: number) => string | null): void {
  const db = openDatabase(dbPath);
  seedScoredLeads(db, n, (i) => ({ email: email(i), phone: null }));
  db.prepare(`UPDATE rubrics SET definition = ? WHERE kind = 'lead'`).run(JSON.stringify(DEFAULT_LEAD_RUBRIC));
  db.close();
}

const ACCOUNT = 'AC' + 'a'.repeat(32);
const AUTH = 'in-app-auth-token-never-echoed';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The user allowed these test servers, as CALLRANK_ALLOW_BASE_URLS says; restored after the test. */
function allow(...origins: string[]): void {
  const before = process.env.CALLRANK_ALLOW_BASE_URLS;
  process.env.CALLRANK_ALLOW_BASE_URLS = origins.join(',');
  cleanups.push(() => {
    if (before === undefined) delete process.env.CALLRANK_ALLOW_BASE_URLS;
    else process.env.CALLRANK_ALLOW_BASE_URLS = before;
  });
}

const SECRETS_KEY = 'connectors-test-key';
const secretsIn = (dir: string): EncryptedFileSecretStore => new EncryptedFileSecretStore(join(dir, 'secrets.enc'), SECRETS_KEY);

async function appCore(seed?: (dbPath: string, dir: string) => Promise<void> | void, scheduleConnectors = false): Promise<{ core: RunningCore; dir: string }> {
  const tmp = tempDir('cr-connectors-app-');
  const dbPath = join(tmp.path, 'callrank.db');
  await seed?.(dbPath, tmp.path);
  const core = startCore({
    dbPath,
    scheduleConnectors,
    settings: {
      store: new JsonFileSettingsStore(join(tmp.path, 'settings.json')),
      secrets: secretsIn(tmp.path),
      secretStorage: 'encrypted file',
    },
  });
  cleanups.push(tmp.cleanup, () => core.close());
  return { core, dir: tmp.path };
}

const call = (core: RunningCore, name: string, input: unknown): Promise<unknown> => dispatch(core.api, name, input);

async function view(core: RunningCore, c: string): Promise<ConnectorView> {
  const { connectors } = (await call(core, 'listConnectors', {})) as { connectors: ConnectorView[] };
  return connectors.find((v) => v.connector === c) as ConnectorView;
}

/** The connector's view once `done` holds, looked at again on every "connectors" change event. */
function whenConnector(core: RunningCore, c: string, done: (v: ConnectorView) => boolean): Promise<ConnectorView> {
  return new Promise((resolve, reject) => {
    const check = (): void =>
      void view(core, c).then((v) => {
        if (!done(v)) return;
        core.ctx.events.off('event', onEvent);
        resolve(v);
      }, reject);
    const onEvent = (e: { type: string; tables?: string[] }): void => {
      if (e.type === 'data-changed' && e.tables?.includes('connectors')) check();
    };
    core.ctx.events.on('event', onEvent);
    check();
  });
}

const finished = (v: ConnectorView): boolean => !v.busy && v.state !== 'running' && v.lastFinishedAt !== null;

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('connectors in the app (typed API over a real core)', () => {
  it('refuses bad input with a clear message and stores nothing of a refused change', async () => {
    const twilio = new FakeTwilio({ accountSid: ACCOUNT, authToken: AUTH, calls: 1 });
    await twilio.start();
    cleanups.push(() => twilio.stop());
    allow(twilio.baseUrl);
    const { core } = await appCore();
    await call(core, 'changeConnector', { connector: 'twilio', scheduleMinutes: 15, baseUrl: twilio.baseUrl });

    const unknown = await refusal(call(core, 'changeConnector', { connector: 'zoom', paused: true }));
    expect([unknown.status, unknown.message]).toEqual([404, 'no connector "zoom": one of twilio, csv, hubspot, salesforce, pipedrive']);
    expect((await refusal(call(core, 'syncConnectorNow', { connector: 'zoom' }))).status).toBe(404);
    for (const [minutes, says] of [
      [0, /at least every minute/],
      [2.5, /whole number/],
      [20_000, /at least once a week \(10080 minutes\)/],
      ['15', /must be a number/],
    ] as const) {
      const bad = await refusal(call(core, 'changeConnector', { connector: 'twilio', scheduleMinutes: minutes }));
      expect(bad.status).toBe(400);
      expect(bad.message).toMatch(says);
    }
    expect((await refusal(call(core, 'changeConnector', { connector: 'csv', scheduleMinutes: 5 }))).message).toMatch(/csv cannot run on a schedule/);
    for (const [url, says] of [
      ['http://127.0.0.1:9/', /http:\/\/127\.0\.0\.1:9 is not Twilio's own host \(api\.twilio\.com\); to send Twilio credentials there, list it in CALLRANK_ALLOW_BASE_URLS/],
      ['http://203.0.113.9/', /never sent over plain HTTP/],
      ['https://twilio.example.com/', /not Twilio's own host/],
      ['not a url', /"not a url" is not a URL/],
    ] as const) {
      const bad = await refusal(call(core, 'changeConnector', { connector: 'twilio', baseUrl: url, scheduleMinutes: 5 }));
      expect([bad.status, bad.details]).toEqual([400, [{ path: ['baseUrl'], message: expect.stringMatching(says) as unknown }]]);
    }
    // Every refused change left the saved one as it was.
    expect(await view(core, 'twilio')).toMatchObject({ scheduleMinutes: 15, baseUrl: twilio.baseUrl, paused: false });

    expect((await refusal(call(core, 'syncConnectorNow', { connector: 'csv' }))).message).toMatch(/csv syncs the files you name/);
    const noKeys = await refusal(call(core, 'syncConnectorNow', { connector: 'twilio' }));
    expect([noKeys.status, noKeys.message]).toEqual([409, 'Twilio credentials missing: set twilio.account_sid, twilio.auth_token in Settings → API keys (or the environment)']);
    await call(core, 'changeConnector', { connector: 'twilio', paused: true });
    await call(core, 'setSecret', { name: 'twilio.account_sid', value: ACCOUNT });
    await call(core, 'setSecret', { name: 'twilio.auth_token', value: AUTH });
    expect((await refusal(call(core, 'syncConnectorNow', { connector: 'twilio' }))).message).toBe('twilio is paused: resume it first');
    expect(twilio.log).toHaveLength(0);
  });

  it('Twilio: Sync now runs as a stored run, shows its calls and last run live; failed items and a failing server show their reasons', async () => {
    const twilio = new FakeTwilio({ accountSid: ACCOUNT, authToken: AUTH, calls: 4 });
    await twilio.start();
    cleanups.push(() => twilio.stop());
    allow(twilio.baseUrl);
    const { core, dir } = await appCore();
    await call(core, 'setSecret', { name: 'twilio.account_sid', value: ACCOUNT });
    await call(core, 'setSecret', { name: 'twilio.auth_token', value: AUTH });
    await call(core, 'changeConnector', { connector: 'twilio', baseUrl: twilio.baseUrl });
    // One recording is gone at Twilio: that call fails with its reason, the others come in.
    twilio.inject('media', { kind: 'status', status: 404, body: '{"code":20404,"message":"The requested resource was not found"}' });

    const started = (await call(core, 'syncConnectorNow', { connector: 'twilio' })) as ConnectorView;
    expect(started.busy).toBe(true);
    expect(core.db.prepare(`SELECT connector, action, trigger FROM connector_runs`).all()).toEqual([{ connector: 'twilio', action: 'sync', trigger: 'now' }]);
    const done = await whenConnector(core, 'twilio', finished);
    expect(done.counts).toEqual([
      { label: 'calls ingested', count: 3 },
      { label: 'without recording', count: 0 },
      { label: 'waiting', count: 0 },
      { label: 'failed', count: 1 },
    ]);
    expect(done.lastError).toBe('1 calls failed');
    expect(done.itemErrors).toEqual([{ item: expect.stringMatching(/^CA[0-9a-f]{32}$/) as unknown, reason: expect.stringMatching(/404/) as unknown }]);
    expect(done.credentials).toEqual([
      { name: 'twilio.account_sid', set: true },
      { name: 'twilio.auth_token', set: true },
    ]);
    expect(JSON.stringify(await call(core, 'listConnectors', {}))).not.toContain(AUTH);
    expect(readFileSync(join(dir, 'secrets.enc'), 'utf8')).not.toContain(AUTH);
    expect(core.db.prepare(`SELECT state, error FROM connector_runs`).all()).toEqual([{ state: 'failed', error: '1 calls failed' }]);

    // Again: the failed call is asked for again and now comes in.
    await call(core, 'syncConnectorNow', { connector: 'twilio' });
    const again = await whenConnector(core, 'twilio', (v) => finished(v) && v.lastFinishedAt !== done.lastFinishedAt);
    expect(again).toMatchObject({ lastError: null, state: 'idle', itemErrors: [] });
    expect(again.counts[0]).toEqual({ label: 'calls ingested', count: 4 });

    // The server now refuses the account: the run fails and says why.
    twilio.inject('calls', { kind: 'status', status: 401, body: '{"code":20003,"message":"Authenticate"}' });
    await call(core, 'syncConnectorNow', { connector: 'twilio' });
    const refused = await whenConnector(core, 'twilio', (v) => finished(v) && v.lastFinishedAt !== again.lastFinishedAt);
    expect(refused.state).toBe('error');
    expect(refused.lastError).toMatch(/401/);
  }, 60_000);

  it('HubSpot: a schedule queues a push and then a pull as rows; the next run is a schedule later', async () => {
    const hub = new FakeHubSpot('pat-in-app');
    await hub.start();
    cleanups.push(() => hub.stop());
    allow(hub.baseUrl);
    const { core } = await appCore((dbPath) => seedLeads(dbPath, 5, (i) => (i === 4 ? null : `lead${i}@example.com`)), true);
    await call(core, 'setSecret', { name: 'hubspot.token', value: 'pat-in-app' });
    const before = await view(core, 'hubspot');
    expect(before).toMatchObject({ actions: ['push', 'pull'], nextRunAt: null, lastStartedAt: null, credentials: [{ name: 'hubspot.token', set: true }] });

    await call(core, 'changeConnector', { connector: 'hubspot', scheduleMinutes: 60, baseUrl: hub.baseUrl });
    const ran = await whenConnector(core, 'hubspot', (v) => finished(v) && v.counts.length === 6);
    expect(ran.counts).toEqual([
      { label: 'leads written', count: 4 },
      { label: 'push failed', count: 0 },
      { label: 'skipped', count: 1 },
      { label: 'leads read', count: 4 },
      { label: 'outcomes recorded', count: 0 },
      { label: 'pull failed', count: 0 },
    ]);
    expect(ran.lastError).toBeNull();
    const rows = core.db.prepare(`SELECT action, trigger, state FROM connector_runs ORDER BY started_at, run_id`).all();
    expect(rows.slice(0, 2)).toEqual([
      { action: 'push', trigger: 'schedule', state: 'done' },
      { action: 'pull', trigger: 'schedule', state: 'done' },
    ]);
    expect(hub.writes).toHaveLength(4);
    // The next scheduled run waits as a row, an hour after this one started.
    const next = await whenConnector(core, 'hubspot', (v) => v.nextRunAt !== null && Date.parse(v.nextRunAt) > Date.now());
    expect(Date.parse(next.nextRunAt ?? '') - Date.parse(next.lastStartedAt ?? '')).toBe(60 * 60_000);

    // Pausing takes the waiting run off; "Sync now" is refused while paused.
    const paused = (await call(core, 'changeConnector', { connector: 'hubspot', paused: true })) as ConnectorView;
    expect(paused.nextRunAt).toBeNull();
    expect((await refusal(call(core, 'syncConnectorNow', { connector: 'hubspot' }))).message).toBe('hubspot is paused: resume it first');
    const written = hub.writes.length;
    await call(core, 'changeConnector', { connector: 'hubspot', paused: false });
    expect((await view(core, 'hubspot')).nextRunAt).toBe(next.nextRunAt);
    expect(hub.writes).toHaveLength(written);
  }, 60_000);

  it('a run left running by a process that died is taken over and finished', async () => {
    const hub = new FakeHubSpot('pat-dead');
    await hub.start();
    cleanups.push(() => hub.stop());
    allow(hub.baseUrl);
    const { core } = await appCore(async (dbPath, dir) => {
      seedLeads(dbPath, 2, (i) => `lead${i}@example.com`);
      // Set before this start: the run is taken over the moment the core starts.
      await secretsIn(dir).set('hubspot.token', 'pat-dead');
      const db = openDatabase(dbPath);
      db.prepare(`INSERT INTO sync_connectors (connector, options) VALUES ('hubspot', ?)`).run(JSON.stringify({ baseUrl: hub.baseUrl }));
      // A pid no process has: the run's owner is gone, its lease an hour from running out.
      db.prepare(
        `INSERT INTO connector_runs (connector, action, trigger, state, due_ms, lease_owner, lease_until, created_at, started_at)
         VALUES ('hubspot', 'push', 'now', 'running', 0, ?, ?, ?, ?)`,
      ).run(`${hostname()}:2147483646:dead`, Date.now() + 3600_000, new Date().toISOString(), new Date().toISOString());
      db.close();
    });
    const done = await whenConnector(core, 'hubspot', (v) => finished(v) && v.counts.length > 0);
    expect(done.counts[0]).toEqual({ label: 'leads written', count: 2 });
    expect(core.db.prepare(`SELECT state, lease_owner FROM connector_runs`).all()).toEqual([{ state: 'done', lease_owner: null }]);
  }, 60_000);

  it('Salesforce: a lead the CRM refuses is a failed item with its reason, the last error says the push failed, a gone record is listed by the pull', async () => {
    const sf = new ConvertedMeanwhile('00Dapp!token');
    await sf.start();
    cleanups.push(() => sf.stop());
    allow(sf.baseUrl);
    const { core } = await appCore((dbPath) => {
      seedLeads(dbPath, 3, (i) => `lead${i}@example.com`);
      const db = openDatabase(dbPath);
      // L002 was linked to a Salesforce record that is gone (deleted there since).
      db.prepare(`INSERT INTO crm_push_state (vendor, lead_id, remote_id, fields, pushed_at) VALUES ('salesforce', 'L002', '00Q5g00000GONE1', '{}', ?)`).run(new Date().toISOString());
      db.close();
    });
    sf.addLead({ Email: 'LEAD0@example.com' });
    sf.convertOnWrite = sf.addLead({ Email: 'lead1@example.com' }).Id;

    // Without a base URL, the org's instance URL is a credential too.
    await call(core, 'setSecret', { name: 'salesforce.token', value: '00Dapp!token' });
    const noInstance = await refusal(call(core, 'syncConnectorNow', { connector: 'salesforce' }));
    expect(noInstance.message).toBe('Salesforce credentials missing: set salesforce.instance_url in Settings → API keys (or the environment)');

    await call(core, 'changeConnector', { connector: 'salesforce', baseUrl: sf.baseUrl });
    await call(core, 'syncConnectorNow', { connector: 'salesforce' });
    const done = await whenConnector(core, 'salesforce', (v) => finished(v) && v.counts.length === 6);
    expect(done.counts).toEqual([
      { label: 'leads written', count: 1 },
      { label: 'push failed', count: 1 },
      { label: 'skipped', count: 1 },
      { label: 'leads read', count: 1 },
      { label: 'outcomes recorded', count: 0 },
      { label: 'pull failed', count: 0 },
    ]);
    expect(done.lastError).toMatch(/^push: 1 of 2 leads not written: .*cannot reference converted lead/);
    expect(done.itemErrors).toEqual([
      { item: 'L001', reason: expect.stringMatching(/^push: .*cannot reference converted lead/) as unknown },
      { item: 'L002', reason: 'pull: the linked salesforce record was not found' },
    ]);
    expect(done.state).toBe('error');
    expect(core.db.prepare(`SELECT action, trigger, state FROM connector_runs ORDER BY run_id`).all()).toEqual([
      { action: 'push', trigger: 'now', state: 'failed' },
      { action: 'pull', trigger: 'now', state: 'done' },
    ]);
  }, 60_000);
});
