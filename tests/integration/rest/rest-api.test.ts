import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open';
import { analyseAndStoreCall } from '../../../electron/analysis/analyse-and-store';
import { DEFAULT_LEAD_RUBRIC } from '../../../electron/scoring/default-rubrics';
import { ensureDefaultRubrics } from '../../../electron/scoring/rubric-store';
import { startServeChild } from '../../fixtures/servers/serve-child';
import { FakeTwilio } from '../../fixtures/servers/twilio-server';
import { SetUp } from '../../fixtures/set-up';
import { tempDir } from '../../fixtures/temp';
import { wavBytes } from '../../fixtures/wav';
import { insertCall } from '../scoring/test-db';
import { pricingAndBookingCall } from '../../unit/scoring/fixtures/example-calls';
import { OpenApiResponses } from './openapi-responses';

const TOKEN = 'rest-test-token';
const TWILIO = { accountSid: 'AC' + 'd'.repeat(32), authToken: 'rest-twilio-token' };
const twilio = new FakeTwilio({ ...TWILIO, calls: 6 });
const api = new OpenApiResponses();
/** The serve child's origin, once it has started. */
const serving = new SetUp<string>();
let db: Db;
const cleanups: (() => void)[] = [];
let stopServe: () => Promise<void> = async () => undefined;

function seed(d: Db): void {
  ensureDefaultRubrics(d);
  const rubricId = (d.prepare(`SELECT rubric_id FROM rubrics WHERE kind = 'lead' AND active = 1`).get() as { rubric_id: number }).rubric_id;
  const now = new Date().toISOString();
  const lead = d.prepare('INSERT INTO leads (lead_id, first_name, phone_number, campaign, lead_score, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < 30; i++) lead.run(`L${String(i).padStart(2, '0')}`, `Name${i}`, `+1415555${2000 + i}`, i % 2 ? 'spring' : 'autumn', i * 3, now, now);
  d.prepare('INSERT INTO calls (call_id, lead_id, call_start_time, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run('C1', 'L29', '2026-10-01T10:00:00Z', now, now);
  d.prepare(`INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, outcomes, scored_at) VALUES ('C1', 'lead', ?, 87, 'hot', 1, '', ?)`).run(rubricId, now);
  // An analysed call of no lead: what a rubric saved over REST must re-score (the leads above keep their order).
  insertCall(d, 'C-analysed', null, pricingAndBookingCall());
  analyseAndStoreCall(d, 'C-analysed');
}

beforeAll(() => serving.start(async () => {
  const tmp = tempDir('cr-rest-');
  cleanups.push(tmp.cleanup);
  const dbPath = join(tmp.path, 'callrank.db');
  const d = openDatabase(dbPath);
  db = d;
  seed(d);
  await twilio.start();
  cleanups.push(() => void twilio.stop());
  const serve = await startServeChild(['--db', dbPath], {
    CALLRANK_TOKEN: TOKEN,
    CALLRANK_RECORDINGS_DIR: join(tmp.path, 'store'),
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    // The fake Twilio is a loopback server: over REST it must be listed to stand in for api.twilio.com.
    CALLRANK_ALLOW_BASE_URLS: twilio.baseUrl,
  });
  stopServe = serve.stop;
  return serve.origin;
}), 60_000);

afterAll(async () => {
  await stopServe();
  db?.close();
  for (const c of cleanups) c();
});

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch((await serving.get()) + path, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined && !(body instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : body instanceof Uint8Array ? new Blob([new Uint8Array(body)]) : JSON.stringify(body),
  });

describe('REST API under /api/ (docs/openapi.yaml)', () => {
  it('starts serve on a seeded database', async () => {
    await expect(serving.get()).resolves.toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a call without the token', async () => {
    const res = await fetch(`${await serving.get()}/api/leads`);
    expect(res.status).toBe(401);
  });

  it('lists leads with scores, paged and filtered', async () => {
    const first = await api.check<{ items: { lead_id: string; lead_score: number; band: string }[]; total: number; next_offset: number | null }>('/api/leads', 'GET', await call('GET', '/api/leads?limit=10'));
    expect(first.body.total).toBe(30);
    expect(first.body.items.map((l) => l.lead_id).slice(0, 3)).toEqual(['L29', 'L28', 'L27']);
    expect(first.body.next_offset).toBe(10);
    const last = await api.check<{ items: unknown[]; next_offset: number | null }>('/api/leads', 'GET', await call('GET', '/api/leads?limit=10&offset=20'));
    expect(last.body.items).toHaveLength(10);
    expect(last.body.next_offset).toBeNull();
    const hot = await api.check<{ items: { band: string; campaign: string }[]; total: number }>('/api/leads', 'GET', await call('GET', '/api/leads?band=hot&campaign=spring'));
    expect(hot.body.items.every((l) => l.band === 'hot' && l.campaign === 'spring')).toBe(true);
    expect(hot.body.total).toBeGreaterThan(0);
    const bad = await api.check<{ issues: { path: string }[] }>('/api/leads', 'GET', await call('GET', '/api/leads?limit=0&band=tepid'));
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.path).sort()).toEqual(['band', 'limit']);
  });

  it('gets one lead with its scored calls, or 404', async () => {
    const one = await api.check<{ lead_id: string; calls: { call_id: string; lead_score: number; qualified: boolean }[] }>('/api/leads/{lead_id}', 'GET', await call('GET', '/api/leads/L29'));
    expect(one.body.calls).toEqual([expect.objectContaining({ call_id: 'C1', lead_score: 87, qualified: true })]);
    expect((await api.check('/api/leads/{lead_id}', 'GET', await call('GET', '/api/leads/NOPE'))).status).toBe(404);
  });

  it('creates and changes leads; an outcome goes into the outcome history', async () => {
    const made = await api.check<{ lead_id: string; phone_number: string }>('/api/leads', 'POST', await call('POST', '/api/leads', { first_name: 'Ann', phone_number: '(415) 555-0199', campaign: 'spring' }));
    expect(made.status).toBe(201);
    expect(made.body.phone_number).toBe('+14155550199');
    expect((await api.check('/api/leads', 'POST', await call('POST', '/api/leads', { phone_number: '+14155550199' }))).status).toBe(409);
    const invalid = await api.check<{ issues: { path: string }[] }>('/api/leads', 'POST', await call('POST', '/api/leads', { email: 'not-an-email', surprise: 1 }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.issues.map((i) => i.path).sort()).toEqual(['(root)', 'email']);

    const changed = await api.check<{ company: string; outcome: string; attributes: Record<string, unknown> }>(
      '/api/leads',
      'PUT',
      await call('PUT', '/api/leads', { lead_id: made.body.lead_id, company: 'Acme', attributes: { gclid: 'abc' }, outcome: 'converted', outcome_by: 'crm-bot', outcome_reason: 'signed' }),
    );
    expect(changed.body).toMatchObject({ company: 'Acme', outcome: 'converted', attributes: { gclid: 'abc' } });
    expect(db.prepare('SELECT new_value, recorded_by, reason, source FROM outcomes WHERE lead_id = ?').all(made.body.lead_id)).toEqual([
      { new_value: 'converted', recorded_by: 'crm-bot', reason: 'signed', source: 'api' },
    ]);
    expect((await api.check('/api/leads', 'PUT', await call('PUT', '/api/leads', { lead_id: 'NOPE', company: 'x' }))).status).toBe(404);
  });

  it('takes an uploaded recording into the store and the job pipeline; the same audio again is the same call', async () => {
    const audio = new Uint8Array(wavBytes({ seconds: 1, frequencies: [440], tag: 7 }));
    const q = '/api/calls?filename=call.wav&from=%2B14155552029&direction=inbound&started_at=2026-10-02T09:00:00Z&external_id=ext-1';
    const up = await api.check<{ call_id: string; duplicate: boolean; job: { stage: string; state: string } }>('/api/calls', 'POST', await call('POST', q, audio, { 'content-type': 'audio/wav' }));
    expect(up.status).toBe(201);
    expect(up.body.job).toEqual({ stage: 'transcribe', state: 'queued' });
    expect(db.prepare('SELECT lead_id, external_id, direction FROM calls WHERE call_id = ?').get(up.body.call_id)).toEqual({ lead_id: 'L29', external_id: 'ext-1', direction: 'inbound' });
    const again = await api.check<{ call_id: string; duplicate: boolean }>('/api/calls', 'POST', await call('POST', '/api/calls', audio, { 'content-type': 'audio/wav' }));
    expect(again).toMatchObject({ status: 200, body: { call_id: up.body.call_id, duplicate: true } });
    expect((await api.check('/api/calls', 'POST', await call('POST', '/api/calls', new Uint8Array([1, 2, 3]), { 'content-type': 'text/plain' }))).status).toBe(415);
    const junk = await api.check<{ error: string }>('/api/calls', 'POST', await call('POST', '/api/calls?filename=x.wav', new Uint8Array(Buffer.from('not audio at all'))));
    expect(junk.status).toBe(422);
    expect((await api.check('/api/calls', 'POST', await call('POST', '/api/calls?filename=x.wav&direction=sideways', audio))).status).toBe(400);
  });

  it('lists, adds and replaces versioned scoring rules; a stale base version is a 409', async () => {
    const list = await api.check<{ items: { kind: string; version: number; active: boolean }[] }>('/api/scoring_rules', 'GET', await call('GET', '/api/scoring_rules?kind=lead'));
    expect(list.body.items).toEqual([expect.objectContaining({ kind: 'lead', version: 1, active: true })]);
    const v2 = await api.check<{ version: number; active: boolean; created_by: string }>('/api/scoring_rules', 'POST', await call('POST', '/api/scoring_rules', { rubric: { ...DEFAULT_LEAD_RUBRIC, name: 'lead v2' }, created_by: 'ops' }));
    expect(v2).toMatchObject({ status: 201, body: { version: 2, active: true, created_by: 'ops' } });
    const stale = await api.check('/api/scoring_rules', 'PUT', await call('PUT', '/api/scoring_rules', { rubric: DEFAULT_LEAD_RUBRIC, base_version: 1 }));
    expect(stale.status).toBe(409);
    const v3 = await api.check<{ version: number }>('/api/scoring_rules', 'PUT', await call('PUT', '/api/scoring_rules', { rubric: { ...DEFAULT_LEAD_RUBRIC, name: 'lead v3' }, base_version: 2 }));
    expect(v3.body.version).toBe(3);
    const broken = await api.check<{ issues: { path: string }[] }>('/api/scoring_rules', 'POST', await call('POST', '/api/scoring_rules', { rubric: { kind: 'lead', name: 'x', criteria: [{ id: 'a', type: 'phrase', points: 'ten' }] } }));
    expect(broken.status).toBe(400);
    expect(broken.body.issues.some((i) => i.path.startsWith('rubric.criteria.0'))).toBe(true);
    const active = await api.check<{ items: { rubric_id: number; version: number }[] }>('/api/scoring_rules', 'GET', await call('GET', '/api/scoring_rules?kind=lead&active=true'));
    expect(active.body.items.map((r) => r.version)).toEqual([3]);
    // As a save in the app does: the stored calls are re-scored with the new version, no restart.
    const v3Id = (active.body.items[0] as { rubric_id: number }).rubric_id;
    await expect
      .poll(() => db.prepare(`SELECT rubric_id FROM scores WHERE call_id = 'C-analysed' AND kind = 'lead'`).pluck().get(), { timeout: 20_000 })
      .toBe(v3Id);
  });

  it('shows, pauses, schedules and runs connectors ("Sync now")', async () => {
    type Connector = { connector: string; paused: boolean; running_here: boolean; schedule_minutes: number | null; last_finished_at: string | null; last_error: string | null; items: { ingested: number } };
    const list = await api.check<{ items: Connector[] }>('/api/connectors', 'GET', await call('GET', '/api/connectors'));
    expect(list.body.items.map((c) => c.connector)).toEqual(['twilio', 'csv', 'hubspot', 'salesforce', 'pipedrive']);
    const scheduled = await api.check<Connector>('/api/connectors/{connector}', 'PUT', await call('PUT', '/api/connectors/twilio', { schedule_minutes: 30, base_url: twilio.baseUrl }));
    expect(scheduled.body).toMatchObject({ schedule_minutes: 30, paused: false });
    expect((await api.check('/api/connectors/{connector}', 'PUT', await call('PUT', '/api/connectors/csv', { schedule_minutes: 5 }))).status).toBe(400);
    expect((await api.check('/api/connectors/{connector}', 'PUT', await call('PUT', '/api/connectors/zoom', {}))).status).toBe(404);

    await api.check('/api/connectors/{connector}', 'PUT', await call('PUT', '/api/connectors/twilio', { paused: true }));
    expect((await api.check('/api/connectors/{connector}/sync', 'POST', await call('POST', '/api/connectors/twilio/sync'))).status).toBe(409);
    await api.check('/api/connectors/{connector}', 'PUT', await call('PUT', '/api/connectors/twilio', { paused: false }));
    const started = await api.check<Connector>('/api/connectors/{connector}/sync', 'POST', await call('POST', '/api/connectors/twilio/sync'));
    expect(started).toMatchObject({ status: 202, body: { running_here: true } });
    let twilioNow: Connector | undefined;
    do {
      await new Promise((r) => setTimeout(r, 100));
      twilioNow = (await api.check<{ items: Connector[] }>('/api/connectors', 'GET', await call('GET', '/api/connectors'))).body.items[0];
    } while (twilioNow?.running_here);
    expect(twilioNow).toMatchObject({ last_error: null, items: { ingested: 6 } });
    expect(twilioNow?.last_finished_at).not.toBeNull();
    expect((await api.check('/api/connectors/{connector}/sync', 'POST', await call('POST', '/api/connectors/csv/sync'))).status).toBe(409);
  });

  it('erases a lead by id or by phone number; an unknown one is a 404, a number that is none a 400', async () => {
    // The queue (in serve's worker thread) knows the lead first, and not after.
    const queueTotal = async (search: string): Promise<number> =>
      ((await (await call('POST', '/api/rpc/queueWindow', { sort: 'rank', desc: true, status: 'all', offset: 0, limit: 10, search })).json()) as { total: number }).total;
    expect(await queueTotal('Name5')).toBe(1);
    const byId = await api.check<{ counts: Record<string, number>; subjectHash: string }>('/api/leads/{lead_id}', 'DELETE', await call('DELETE', '/api/leads/L05'));
    expect(byId).toMatchObject({ status: 200, body: { counts: { leads: 1 } } });
    const byPhone = await api.check<{ counts: Record<string, number> }>('/api/erasures', 'POST', await call('POST', '/api/erasures', { phone_number: '(415) 555-2010' }));
    expect(byPhone).toMatchObject({ status: 200, body: { counts: { leads: 1 } } });
    expect(db.prepare(`SELECT lead_id FROM leads WHERE lead_id IN ('L05', 'L10', 'L11')`).pluck().all()).toEqual(['L11']);
    // The worker answers in its previous order until its rebuild is in: wait for that, then the lead is gone from it.
    let left = await queueTotal('Name5');
    for (let i = 0; left !== 0 && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      left = await queueTotal('Name5');
    }
    expect(left).toBe(0);
    expect((await api.check('/api/leads/{lead_id}', 'DELETE', await call('DELETE', '/api/leads/L05'))).status).toBe(404);
    expect((await api.check('/api/erasures', 'POST', await call('POST', '/api/erasures', { phone_number: 'call me maybe' }))).status).toBe(400);
    expect((await api.check('/api/erasures', 'POST', await call('POST', '/api/erasures', { lead_id: 'L11', phone_number: '+14155552011' }))).status).toBe(400);
  });

  it('exercised every documented operation', () => {
    expect([...api.seen].sort()).toEqual(api.documentedOperations().sort());
  });
});
