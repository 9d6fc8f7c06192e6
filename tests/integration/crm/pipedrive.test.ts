import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FieldNames } from '../../../electron/crm/crm-adapter';
import { openDatabase } from '../../../electron/db/open';
import { FakePipedrive, FIELD_KEYS } from '../../fixtures/servers/pipedrive-server';
import { runCliAsync } from '../../fixtures/servers/run-cli-async';
import { tempDir } from '../../fixtures/temp';
import { expectDryRunEqualsPush, phoneOf, seedScoredLeads } from './crm-fixture';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('crm push and pull pipedrive', () => {
  it('dry run lists exactly what the push writes to person custom fields, 429s ridden out; pull takes won/lost from deals', async () => {
    const tmp = tempDir('cr-pd-');
    const pd = new FakePipedrive('pd-token');
    await pd.start();
    cleanups.push(tmp.cleanup, () => pd.stop());
    const dbPath = join(tmp.path, 'callrank.db');
    const db = openDatabase(dbPath);
    cleanups.push(() => void db.close());
    // L000 phone-only; L001 unknown to Pipedrive; the rest by email.
    seedScoredLeads(db, 120, (i) => ({ email: i === 0 ? null : `lead${i}@example.com`, phone: phoneOf(i) }));
    pd.addPerson({ phones: [phoneOf(0)] });
    for (let i = 2; i < 120; i++) pd.addPerson({ emails: [`Lead${i}@example.com`] });
    const env = { PIPEDRIVE_TOKEN: 'pd-token' };
    const args = ['crm', 'push', 'pipedrive', '--base-url', pd.baseUrl, '--db', dbPath];

    const dry = await runCliAsync([...args, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run for pipedrive: 119 changes would be written, 1 skipped/);
    expect(dry.stdout).toMatch(/planned L000 -> phone:\+14155551000 \[1\]: /);
    expect(dry.stdout).toMatch(/skipped L001 -> phone:\+14155551001: .* no Pipedrive person has email lead1@example.com or phone \+14155551001/);
    expect(pd.writes).toHaveLength(0);

    pd.throttleNext(3);
    const push = await runCliAsync(args, env);
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(/pushed to pipedrive: 119 written, 0 failed, 1 skipped/);
    expect(push.stderr).toMatch(/waiting [\d.]+ s: 429 Too Many Requests/);
    const names: FieldNames = FIELD_KEYS;
    expectDryRunEqualsPush(dry.stdout, push.stdout, pd.writes, names);
    // The token travels in a header, never in a URL.
    expect(pd.requests.some((r) => r.query.has('api_token'))).toBe(false);

    const again = await runCliAsync([...args, '--dry-run'], env);
    expect(again.stdout).toMatch(/0 changes would be written, 1 skipped/);

    const personOf = (email: string): number => [...pd.persons.values()].find((p) => p.emails[0] === email)?.id ?? -1;
    pd.addDeal(personOf('Lead5@example.com'), 'lost');
    pd.addDeal(personOf('Lead5@example.com'), 'won');
    pd.addDeal(personOf('Lead6@example.com'), 'lost');
    pd.addDeal(personOf('Lead7@example.com'), 'lost');
    pd.addDeal(personOf('Lead7@example.com'), 'open');
    const pull = await runCliAsync(['crm', 'pull', 'pipedrive', '--base-url', pd.baseUrl, '--db', dbPath], env);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toMatch(/pulled from pipedrive: 119 linked leads, 119 read, 119 status changes, 2 outcomes recorded, 0 missing/);
    const history = db.prepare(`SELECT lead_id, new_value, recorded_by, reason FROM outcomes ORDER BY lead_id`).all();
    expect(history).toEqual([
      { lead_id: 'L005', new_value: 'converted', recorded_by: 'crm:pipedrive', reason: 'pipedrive says deals won=1 lost=1 open=0' },
      { lead_id: 'L006', new_value: 'lost', recorded_by: 'crm:pipedrive', reason: 'pipedrive says deals won=0 lost=1 open=0' },
    ]);
    expect(db.prepare(`SELECT lead_id, crm_lead_status AS s FROM leads WHERE lead_id IN ('L007', 'L008') ORDER BY lead_id`).all()).toEqual([
      { lead_id: 'L007', s: 'open' },
      { lead_id: 'L008', s: 'no deals' },
    ]);
  }, 60_000);
});
