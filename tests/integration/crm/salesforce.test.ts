import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SALESFORCE_FIELDS } from '../../../electron/crm/salesforce';
import { openDatabase } from '../../../electron/db/open';
import { runCliAsync } from '../../fixtures/servers/run-cli-async';
import { FakeSalesforce } from '../../fixtures/servers/salesforce-server';
import { tempDir } from '../../fixtures/temp';
import { expectDryRunEqualsPush, phoneOf, seedScoredLeads } from './crm-fixture';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('crm push and pull salesforce', () => {
  it('dry run lists exactly what the push writes (Leads by Email or Phone, 200 a request, converted skipped), then pull records won/lost', async () => {
    const tmp = tempDir('cr-sf-');
    const sf = new FakeSalesforce('00Dtoken!abc');
    await sf.start();
    cleanups.push(tmp.cleanup, () => sf.stop());
    const dbPath = join(tmp.path, 'callrank.db');
    const db = openDatabase(dbPath);
    cleanups.push(() => void db.close());
    // L000 only a phone; L001 an email Salesforce does not know; L002 a converted Lead; the rest by email (upper case there).
    seedScoredLeads(db, 250, (i) => ({ email: i === 0 ? null : `lead${i}@example.com`, phone: phoneOf(i) }));
    sf.addLead({ Phone: phoneOf(0) });
    sf.addLead({ Email: 'LEAD2@example.com', IsConverted: true, Status: 'Closed - Converted' });
    for (let i = 3; i < 250; i++) sf.addLead({ Email: `LEAD${i}@example.com` });
    const env = { SALESFORCE_TOKEN: '00Dtoken!abc' };
    const args = ['crm', 'push', 'salesforce', '--base-url', sf.baseUrl, '--db', dbPath];

    const dry = await runCliAsync([...args, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run for salesforce: 248 changes would be written, 2 skipped/);
    expect(dry.stdout).toMatch(/planned L000 -> phone:\+14155551000 \[00Q\w+\]: score=20 band=cold probability=- top_reason="Budget confirmed" \(first push\)/);
    expect(dry.stdout).toMatch(/skipped L001 -> phone:\+14155551001: .* no Salesforce Lead has Email lead1@example.com or Phone \+14155551001/);
    expect(dry.stdout).toMatch(/skipped L002 -> email:lead2@example.com \[00Q\w+\]: .* the Salesforce Lead is converted/);
    expect(sf.writes).toHaveLength(0);

    sf.throttleNext(2);
    const push = await runCliAsync(args, env);
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(/pushed to salesforce: 248 written, 0 failed, 2 skipped/);
    expect(push.stderr).toMatch(/waiting [\d.]+ s: 503 Service Unavailable: .*SERVER_UNAVAILABLE/);
    expectDryRunEqualsPush(dry.stdout, push.stdout, sf.writes, SALESFORCE_FIELDS);
    const batches = sf.requests.filter((r) => r.method === 'PATCH').map((r) => (r.body as { records: unknown[]; allOrNone: boolean }).records.length);
    expect(batches).toEqual([200, 48]);
    expect(sf.requests.filter((r) => r.method === 'PATCH').every((r) => (r.body as { allOrNone: boolean }).allOrNone === false)).toBe(true);

    const again = await runCliAsync([...args, '--dry-run'], env);
    expect(again.stdout).toMatch(/0 changes would be written, 2 skipped/);

    // The sales team works the Leads in Salesforce; pull brings status and won/lost back.
    const idOf = (email: string): string => [...sf.leads.values()].find((l) => l.Email === email)?.Id ?? '';
    Object.assign(sf.leads.get(idOf('LEAD10@example.com')) ?? {}, { IsConverted: true, Status: 'Closed - Converted' });
    Object.assign(sf.leads.get(idOf('LEAD11@example.com')) ?? {}, { Status: 'Closed - Not Converted' });
    Object.assign(sf.leads.get(idOf('LEAD12@example.com')) ?? {}, { Status: 'Working - Contacted' });
    const pull = await runCliAsync(['crm', 'pull', 'salesforce', '--base-url', sf.baseUrl, '--db', dbPath], env);
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

    const quiet = await runCliAsync(['crm', 'pull', 'salesforce', '--base-url', sf.baseUrl, '--db', dbPath], env);
    expect(quiet.stdout).toMatch(/248 read, 0 status changes, 0 outcomes recorded/);
  }, 60_000);
});
