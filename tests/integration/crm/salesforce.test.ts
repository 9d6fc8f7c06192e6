import { afterEach, describe, expect, it } from 'vitest';
import { SALESFORCE_FIELDS } from '../../../electron/crm/salesforce';
import { runCliAsync } from '../../fixtures/servers/run-cli-async';
import { FakeSalesforce } from '../../fixtures/servers/salesforce-server';
import { expectDryRunEqualsPush, phoneOf, seedScoredLeads, startCrmBed, type CrmBed } from './crm-fixture';
import { vendorShapeViolations } from '../../fixtures/vendor-shapes/check';

let bed: CrmBed<FakeSalesforce> | null = null;
afterEach(async () => bed?.close());

describe('crm push and pull salesforce', () => {
  it('dry run lists exactly what the push writes (Leads by Email or Phone, 200 a request, converted skipped), then pull records won/lost', async () => {
    bed = await startCrmBed('salesforce', new FakeSalesforce('00Dtoken!abc'), { SALESFORCE_TOKEN: '00Dtoken!abc' });
    const { crm: sf, db, cli } = bed;
    // L000 only a phone; L001 an email Salesforce does not know; L002 a converted Lead; the rest by email (upper case there).
    seedScoredLeads(db, 250, (i) => ({ email: i === 0 ? null : `lead${i}@example.com`, phone: phoneOf(i) }));
    sf.addLead({ Phone: phoneOf(0) });
    sf.addLead({ Email: 'LEAD2@example.com', IsConverted: true, Status: 'Closed - Converted' });
    for (let i = 3; i < 250; i++) sf.addLead({ Email: `LEAD${i}@example.com` });

    const dry = await cli('push', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run for salesforce: 248 changes would be written, 2 skipped/);
    expect(dry.stdout).toMatch(/planned L000 -> phone:\+14155551000 \[00Q\w+\]: score=20 band=cold probability=- top_reason="Budget confirmed" \(first push\)/);
    expect(dry.stdout).toMatch(/skipped L001 -> phone:\+14155551001: .* no Salesforce Lead has Email lead1@example.com or Phone \+14155551001/);
    expect(dry.stdout).toMatch(/skipped L002 -> email:lead2@example.com \[00Q\w+\]: .* the Salesforce Lead is converted/);
    expect(sf.writes).toHaveLength(0);

    sf.throttleNext(2);
    const push = await cli('push');
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(/pushed to salesforce: 248 written, 0 failed, 2 skipped/);
    expect(push.stderr).toMatch(/waiting [\d.]+ s: 503 Service Unavailable: .*SERVER_UNAVAILABLE/);
    expectDryRunEqualsPush(dry.stdout, push.stdout, sf.writes, SALESFORCE_FIELDS);
    const batches = sf.requests.filter((r) => r.method === 'PATCH').map((r) => (r.body as { records: unknown[]; allOrNone: boolean }).records.length);
    expect(batches).toEqual([200, 48]);
    expect(sf.requests.filter((r) => r.method === 'PATCH').every((r) => (r.body as { allOrNone: boolean }).allOrNone === false)).toBe(true);

    const again = await cli('push', '--dry-run');
    expect(again.stdout).toMatch(/0 changes would be written, 2 skipped/);

    // The sales team works the Leads in Salesforce; pull brings status and won/lost back.
    const idOf = (email: string): string => [...sf.leads.values()].find((l) => l.Email === email)?.Id ?? '';
    Object.assign(sf.leads.get(idOf('LEAD10@example.com')) ?? {}, { IsConverted: true, Status: 'Closed - Converted' });
    Object.assign(sf.leads.get(idOf('LEAD11@example.com')) ?? {}, { Status: 'Closed - Not Converted' });
    Object.assign(sf.leads.get(idOf('LEAD12@example.com')) ?? {}, { Status: 'Working - Contacted' });
    const pull = await cli('pull');
    expect(pull.code).toBe(0);
    // 248 linked by the push; every one now has a status, 2 with a decided outcome.
    expect(pull.stdout).toMatch(/pulled from salesforce: 248 linked leads, 248 read, 248 status changes, 2 outcomes recorded, 0 missing/);
    expect(pull.stdout).toMatch(/L010 \[00Q\w+\]: status - -> Closed - Converted, outcome - -> converted \(IsConverted=true Status=Closed - Converted\)/);
    expect(pull.stdout).toMatch(/L011 \[00Q\w+\]: status - -> Closed - Not Converted, outcome - -> lost/);
    const history = db.prepare(`SELECT lead_id, old_value, new_value, recorded_by, source, reason FROM outcomes ORDER BY lead_id`).all();
    expect(history).toEqual([
      { lead_id: 'L010', old_value: null, new_value: 'converted', recorded_by: 'crm:salesforce', source: 'crm:salesforce', reason: 'salesforce says IsConverted=true Status=Closed - Converted' },
      { lead_id: 'L011', old_value: null, new_value: 'lost', recorded_by: 'crm:salesforce', source: 'crm:salesforce', reason: 'salesforce says IsConverted=false Status=Closed - Not Converted' },
    ]);
    expect(db.prepare(`SELECT crm_lead_status AS s FROM leads WHERE lead_id = 'L012'`).get()).toEqual({ s: 'Working - Contacted' });

    const quiet = await cli('pull');
    expect(quiet.stdout).toMatch(/248 read, 0 status changes, 0 outcomes recorded/);

    // The push log: a line a run, newest first, and every line of one run.
    const log = await runCliAsync(['crm', 'log', 'salesforce', '--db', bed.dbPath]);
    expect(log.stdout.trim().split('\n').map((l) => l.replace(/^\S+ salesforce \S+: /, ''))).toEqual([
      'dry run: 0 planned, 2 skipped',
      '248 written, 0 failed, 2 skipped',
      'dry run: 248 planned, 2 skipped',
    ]);
    const pushRun = /run ([\w-]+)\)/.exec(push.stdout)?.[1] ?? '';
    const lines = await runCliAsync(['crm', 'log', '--run', pushRun, '--db', bed.dbPath]);
    expect(lines.stdout.split('\n').filter((l) => /^\s+written /.test(l))).toHaveLength(248);
    // Both sides of every exchange in the vendor's published shapes (tests/fixtures/vendor-shapes/salesforce.json).
    expect(sf.exchanges.length).toBeGreaterThan(0);
    expect(vendorShapeViolations('salesforce', sf.exchanges)).toEqual([]);
  }, 60_000);
});
