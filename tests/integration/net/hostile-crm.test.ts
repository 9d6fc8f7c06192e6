import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CrmAdapter } from '../../../electron/crm/crm-adapter';
import { hubspotAdapter } from '../../../electron/crm/hubspot';
import { pipedriveAdapter } from '../../../electron/crm/pipedrive';
import { pullFromCrm } from '../../../electron/crm/pull';
import { pushToCrm } from '../../../electron/crm/push';
import { salesforceAdapter } from '../../../electron/crm/salesforce';
import { openDatabase, type Db } from '../../../electron/db/open';
import type { RetryingFetchOptions, WaitNotice } from '../../../electron/net/retrying-fetch';
import { watchProcessFaults } from '../../fixtures/process-faults';
import type { FakeCrmServer } from '../../fixtures/servers/fake-crm-server';
import { HostileServer, type HostileMode } from '../../fixtures/servers/hostile-server';
import { FakeHubSpot } from '../../fixtures/servers/hubspot-server';
import { FakePipedrive } from '../../fixtures/servers/pipedrive-server';
import { FakeSalesforce } from '../../fixtures/servers/salesforce-server';
import { tempDir } from '../../fixtures/temp';
import { seedScoredLeads } from '../crm/crm-fixture';

const LEADS = 6;
const email = (i: number): string => `lead${i}@example.com`;

interface Vendor {
  name: 'hubspot' | 'salesforce' | 'pipedrive';
  /** The fake with a record for every lead; the victim is lead 2. */
  fake(): FakeCrmServer;
  adapter(baseUrl: string, options: RetryingFetchOptions): CrmAdapter;
  /** The request(s) a push fault hits, and whether it hits every lead (a batch) or the victim alone. */
  pushTarget(fake: FakeCrmServer, method: string, path: string): boolean;
  pushHitsAll: boolean;
  pullTarget(fake: FakeCrmServer, method: string, path: string): boolean;
  pullHitsAll: boolean;
}

const victimPerson = (fake: FakeCrmServer): number => [...(fake as FakePipedrive).persons.values()].find((p) => p.emails[0] === email(2))?.id ?? -1;

const VENDORS: Vendor[] = [
  {
    name: 'hubspot',
    fake() {
      const f = new FakeHubSpot('hs-token');
      for (let i = 0; i < LEADS; i++) f.addContact({ email: email(i) });
      return f;
    },
    adapter: (baseUrl, o) => hubspotAdapter({ ...o, baseUrl, token: 'hs-token' }),
    pushTarget: (_f, m, p) => m === 'POST' && p.startsWith('/crm/v3/objects/contacts/batch/upsert'),
    pushHitsAll: true,
    pullTarget: (_f, m, p) => m === 'POST' && p.startsWith('/crm/v3/objects/contacts/batch/read'),
    pullHitsAll: true,
  },
  {
    name: 'salesforce',
    fake() {
      const f = new FakeSalesforce('sf-token');
      for (let i = 0; i < LEADS; i++) f.addLead({ Email: email(i) });
      return f;
    },
    adapter: (instanceUrl, o) => salesforceAdapter({ ...o, instanceUrl, token: 'sf-token' }),
    pushTarget: (_f, m, p) => m === 'PATCH' && p.includes('/composite/sobjects'),
    pushHitsAll: true,
    pullTarget: (_f, m, p) => m === 'GET' && p.includes('/query') && (new URL(p, 'http://x').searchParams.get('q') ?? '').includes('WHERE Id IN'),
    pullHitsAll: true,
  },
  {
    name: 'pipedrive',
    fake() {
      const f = new FakePipedrive('pd-token');
      for (let i = 0; i < LEADS; i++) f.addPerson({ emails: [email(i)] });
      return f;
    },
    adapter: (baseUrl, o) => pipedriveAdapter({ ...o, baseUrl, token: 'pd-token' }),
    // Pipedrive has no batch update: one person's PATCH fails alone.
    pushTarget: (f, m, p) => m === 'PATCH' && p === `/api/v2/persons/${victimPerson(f)}`,
    pushHitsAll: false,
    pullTarget: (f, m, p) => m === 'GET' && p.startsWith('/api/v2/deals') && p.includes(`person_id=${victimPerson(f)}&`),
    pullHitsAll: false,
  },
];

const netReason = (what: string): RegExp => new RegExp(`(gave up on .* after 2 attempts; last problem: )?${what}`);
/** The reason each failing mode must give, for a JSON API. */
const REASONS: Partial<Record<HostileMode, RegExp>> = {
  truncated: netReason('the connection to 127\\.0\\.0\\.1:\\d+ closed after [\\d.]+ (bytes|KiB) of'),
  'wrong-length': /the answer is not JSON/,
  reset: netReason('the connection to 127\\.0\\.0\\.1:\\d+ (was reset|closed) after'),
  slow: netReason('the answer from 127\\.0\\.0\\.1:\\d+ (came too slowly|did not complete)'),
  'redirect-loop': /redirected \(HTTP 302\) .*(more than 5 redirects|is not re-sent elsewhere)/,
  'redirect-away': /redirected \(HTTP 302\) to http:\/\/127\.0\.0\.1:\d+.*(another host: not followed with credentials|is not re-sent elsewhere)/,
  huge: /the answer from 127\.0\.0\.1:\d+ is larger than 8\.0 MiB; refused/,
  'invalid-json': /the answer is not JSON \(\d+ bytes\)/,
  'html-200': /the server sent an HTML page instead of JSON \("502 Bad Gateway"\)/,
  unauthorized: /HTTP 401 .*Authenticate/,
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function bed(v: Vendor): Promise<{ fake: FakeCrmServer; hostile: HostileServer; db: Db; adapter: CrmAdapter; waits: WaitNotice[] }> {
  const fake = v.fake();
  await fake.start();
  const hostile = new HostileServer(() => fake.baseUrl);
  await hostile.start();
  const tmp = tempDir(`cr-hostile-${v.name}-`);
  const db = openDatabase(join(tmp.path, 'callrank.db'));
  seedScoredLeads(db, LEADS, (i) => ({ email: email(i), phone: null }));
  cleanups.push(
    () => tmp.cleanup(),
    () => void db.close(),
    () => fake.stop(),
    () => hostile.stop(),
  );
  const waits: WaitNotice[] = [];
  const adapter = v.adapter(hostile.baseUrl, {
    policy: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 },
    limits: { deadlineMs: 1500, lowSpeed: { bytesPerSecond: 64, windowMs: 400 } },
    onWait: (w) => waits.push(w),
  });
  return { fake, hostile, db, adapter, waits };
}

const leadIds = Array.from({ length: LEADS }, (_, i) => `L${String(i).padStart(3, '0')}`);
const logged = (db: Db, runId: string): { lead_id: string; outcome: string; error: string | null }[] =>
  db.prepare('SELECT lead_id, outcome, error FROM crm_push_log WHERE run_id = ? ORDER BY lead_id').all(runId) as { lead_id: string; outcome: string; error: string | null }[];

describe.each(VENDORS)('$name push and pull against a hostile server', (v) => {
  it.each(Object.entries(REASONS) as [HostileMode, RegExp][])('%s: the failed leads carry the reason in the push log and pull report; re-runs complete', async (mode, reason) => {
    const faults = watchProcessFaults();
    try {
      const { fake, hostile, db, adapter } = await bed(v);
      hostile.mode = mode;
      hostile.target = (r) => v.pushTarget(fake, r.method, r.path);
      const pushed = await pushToCrm(db, adapter, { dryRun: false });
      const victims = v.pushHitsAll ? leadIds : ['L002'];
      const lines = logged(db, pushed.runId);
      expect(lines.filter((l) => l.outcome === 'failed').map((l) => l.lead_id)).toEqual(victims);
      for (const l of lines.filter((x) => x.outcome === 'failed')) expect(l.error).toMatch(reason);
      expect(lines.filter((l) => l.outcome === 'written').map((l) => l.lead_id)).toEqual(leadIds.filter((id) => !victims.includes(id)));
      if (mode === 'redirect-away') expect(hostile.awaySeen).toEqual([]);

      // Healed: the failed leads are written; the written ones are not sent again.
      hostile.heal();
      const writesBefore = fake.writes.length;
      const again = await pushToCrm(db, adapter, { dryRun: false });
      expect(logged(db, again.runId).map((l) => [l.lead_id, l.outcome])).toEqual(victims.map((id) => [id, 'written']));
      expect(fake.writes.length - writesBefore).toBe(victims.length);
      expect(db.prepare(`SELECT COUNT(*) AS n FROM crm_push_state WHERE vendor = ?`).get(v.name)).toEqual({ n: LEADS });

      hostile.mode = mode;
      hostile.target = (r) => v.pullTarget(fake, r.method, r.path);
      const pulled = await pullFromCrm(db, adapter);
      const pullVictims = v.pullHitsAll ? leadIds : ['L002'];
      expect(pulled.failed.map((f) => f.leadId)).toEqual(pullVictims);
      for (const f of pulled.failed) expect(f.reason).toMatch(reason);
      expect(pulled.read).toBe(LEADS - pullVictims.length);

      hostile.heal();
      const healed = await pullFromCrm(db, adapter);
      expect(healed).toMatchObject({ linked: LEADS, read: LEADS, failed: [], missing: [] });
    } finally {
      faults.stop();
    }
    expect(faults.faults).toEqual([]);
  });

  it.each(['http10-close', 'retry-after-date'] as const)('%s: push and pull complete (a Retry-After date is waited out and reported)', async (mode) => {
    const faults = watchProcessFaults();
    try {
      const { fake, hostile, db, adapter, waits } = await bed(v);
      hostile.mode = mode;
      if (mode === 'retry-after-date') hostile.target = (r) => v.pushTarget(fake, r.method, r.path) || v.pullTarget(fake, r.method, r.path);
      const pushed = await pushToCrm(db, adapter, { dryRun: false });
      expect(pushed.lines.map((l) => l.outcome)).toEqual(leadIds.map(() => 'written'));
      expect(await pullFromCrm(db, adapter)).toMatchObject({ linked: LEADS, read: LEADS, failed: [] });
      if (mode === 'retry-after-date') expect(waits.some((w) => w.reason === 'rate_limited' && /Retry-After \w{3}, .* GMT/.test(w.detail))).toBe(true);
    } finally {
      faults.stop();
    }
    expect(faults.faults).toEqual([]);
  });
});
