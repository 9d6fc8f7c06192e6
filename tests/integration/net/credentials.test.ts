import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { salesforceAdapter } from '../../../electron/crm/salesforce';
import { openDatabase } from '../../../electron/db/open';
import { DEFAULT_OPENAI_SETTINGS } from '../../../electron/llm/openai-settings';
import { answerLlmQuestions } from '../../../electron/llm/rubric-questions';
import { syncTwilio } from '../../../electron/sync/twilio/twilio-sync';
import { guardConnections } from '../../fixtures/servers/connection-guard';
import { runCliAsync } from '../../fixtures/servers/run-cli-async';
import { startServeChild } from '../../fixtures/servers/serve-child';
import { FakeTwilio } from '../../fixtures/servers/twilio-server';
import { tempDir } from '../../fixtures/temp';
import { plantedTurns } from '../llm/planted-transcript';

const CREDS = { accountSid: 'AC' + 'c'.repeat(32), authToken: 'never-leak-this' };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A server that should never hear from us: it records what reached it, and answers like `answer` says. */
async function listener(answer: (req: IncomingMessage) => { status: number; body: unknown } = () => ({ status: 200, body: {} })): Promise<{ url: string; heard: { path: string; authorization: string | undefined }[] }> {
  const heard: { path: string; authorization: string | undefined }[] = [];
  const server: Server = createServer((req, res) => {
    heard.push({ path: req.url ?? '', authorization: req.headers.authorization });
    const a = answer(req);
    res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, heard };
}

describe('credentials go only where they belong', () => {
  it('REST: a base_url on another port is refused, and "Sync now" sends the credentials nowhere but the allowed server', async () => {
    const evil = await listener();
    const twilio = new FakeTwilio({ ...CREDS, calls: 2 });
    await twilio.start();
    cleanups.push(() => twilio.stop());
    const tmp = tempDir('cr-cred-rest-');
    cleanups.push(() => tmp.cleanup());
    const serve = await startServeChild(['--db', join(tmp.path, 'callrank.db')], {
      CALLRANK_TOKEN: 'cred-token',
      CALLRANK_RECORDINGS_DIR: join(tmp.path, 'store'),
      TWILIO_ACCOUNT_SID: CREDS.accountSid,
      TWILIO_AUTH_TOKEN: CREDS.authToken,
      // The user allowed this one test server, nothing else.
      CALLRANK_ALLOW_BASE_URLS: twilio.baseUrl,
    });
    cleanups.push(() => serve.stop());
    const call = (method: string, path: string, body?: unknown): Promise<Response> =>
      fetch(serve.origin + path, {
        method,
        headers: { authorization: 'Bearer cred-token', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });

    expect((await call('PUT', '/api/connectors/twilio', { base_url: twilio.baseUrl })).status).toBe(200);
    for (const bad of [`${evil.url}/`, 'http://203.0.113.9/', 'https://twilio.example.com/', 'ftp://api.twilio.com/']) {
      const refused = await call('PUT', '/api/connectors/twilio', { base_url: bad });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['base_url']);
    }
    const shown = (await (await call('GET', '/api/connectors')).json()) as { items: { connector: string; base_url: string | null }[] };
    expect(shown.items.find((c) => c.connector === 'twilio')?.base_url).toBe(twilio.baseUrl);

    expect((await call('POST', '/api/connectors/twilio/sync')).status).toBe(202);
    let state: { running_here: boolean; last_error: string | null; items: { ingested: number } } | undefined;
    do {
      await new Promise((r) => setTimeout(r, 100));
      state = ((await (await call('GET', '/api/connectors')).json()) as { items: (typeof state & { connector: string })[] }).items.find((c) => c?.connector === 'twilio');
    } while (state?.running_here);
    expect(state).toMatchObject({ last_error: null, items: { ingested: 2 } });
    expect(evil.heard).toEqual([]);
  }, 60_000);

  it('Twilio: an absolute next_page_uri to another origin is refused, the run says why, the other origin hears nothing', async () => {
    const evil = await listener();
    const page = { calls: [], page: 0, next_page_uri: '' };
    const twilioLike = await listener((req) => (req.url?.includes('/Calls.json') ? { status: 200, body: { ...page, next_page_uri: `${evil.url}/2010-04-01/Accounts/${CREDS.accountSid}/Calls.json?Page=1` } } : { status: 404, body: {} }));
    const tmp = tempDir('cr-cred-next-');
    const db = openDatabase(join(tmp.path, 'callrank.db'));
    cleanups.push(() => tmp.cleanup(), () => void db.close());
    await expect(syncTwilio(db, { baseUrl: twilioLike.url, credentials: CREDS, recordingsDir: join(tmp.path, 'rec') })).rejects.toThrow(
      `Twilio calls list: refusing to send Twilio credentials to ${evil.url}: they go only to ${twilioLike.url}`,
    );
    expect(twilioLike.heard).toHaveLength(1);
    expect(evil.heard).toEqual([]);
    const row = db.prepare(`SELECT last_error FROM sync_connectors WHERE connector = 'twilio'`).get() as { last_error: string };
    expect(row.last_error).toMatch(/refusing to send Twilio credentials/);
  });

  it('Salesforce: an absolute nextRecordsUrl to another origin is refused, the other origin hears nothing', async () => {
    const evil = await listener();
    const sf = await listener(() => ({ status: 200, body: { totalSize: 3000, done: false, records: [], nextRecordsUrl: `${evil.url}/services/data/v60.0/query/01gXX-2000` } }));
    const adapter = salesforceAdapter({ instanceUrl: sf.url, token: '00Dsecret!x', policy: { maxAttempts: 1 } });
    await expect(adapter.readStatus([{ leadId: 'L1', remoteId: '00Q000000000001' }])).rejects.toThrow(`refusing to send Salesforce credentials to ${evil.url}`);
    expect(evil.heard).toEqual([]);
  });

  it('CLI: a base URL over plain HTTP off this machine, or another host, is refused as bad usage with the reason', async () => {
    const tmp = tempDir('cr-cred-cli-');
    cleanups.push(() => tmp.cleanup());
    const db = join(tmp.path, 'callrank.db');
    const plain = await runCliAsync(['sync', 'twilio', '--base-url', 'http://203.0.113.9:9000/', '--db', db], { TWILIO_ACCOUNT_SID: CREDS.accountSid, TWILIO_AUTH_TOKEN: CREDS.authToken });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/Twilio credentials are never sent over plain HTTP to 203\.0\.113\.9:9000: use https:\/\//);
    const other = await runCliAsync(['crm', 'push', 'hubspot', '--base-url', 'https://hubspot.example.com', '--db', db], { HUBSPOT_TOKEN: 'pat-secret' });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/https:\/\/hubspot\.example\.com is not HubSpot's own host \(api\.hubapi\.com\); to send HubSpot credentials there, list it in CALLRANK_ALLOW_BASE_URLS/);
  });

  it('OpenAI: a base URL over plain HTTP off this machine asks nothing, with the reason on every question', async () => {
    const guard = guardConnections();
    cleanups.push(() => guard.restore());
    const tmp = tempDir('cr-cred-openai-');
    const db = openDatabase(join(tmp.path, 'x.db'));
    cleanups.push(() => tmp.cleanup(), () => void db.close());
    const config = { ...DEFAULT_OPENAI_SETTINGS, enabled: true, apiKey: 'sk-secret', baseURL: 'http://203.0.113.9/v1' };
    const results = await answerLlmQuestions(db, { callId: null, rubricVersion: 'lead@1', questions: [{ criterionId: 'q', question: 'Booked?' }], turns: plantedTurns, config });
    expect(results).toEqual([{ criterionId: 'q', status: 'error', reason: expect.stringMatching(/^OpenAI question not asked: refusing OpenAI base URL: OpenAI credentials are never sent over plain HTTP to 203\.0\.113\.9/) }]);
    expect(guard.attempts).toEqual([]);
  });
});
