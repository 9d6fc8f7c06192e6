import { afterEach, describe, expect, it } from 'vitest';
import type { FieldNames } from '../../../electron/crm/crm-adapter';
import { FakePipedrive, FIELD_KEYS } from '../../fixtures/servers/pipedrive-server';
import { expectDryRunEqualsPush, phoneOf, seedScoredLeads, startCrmBed, type CrmBed } from './crm-fixture';
import { vendorShapeViolations } from '../../fixtures/vendor-shapes/check';

let bed: CrmBed<FakePipedrive> | null = null;
afterEach(async () => bed?.close());

describe('crm push and pull pipedrive', () => {
  it('dry run lists exactly what the push writes to person custom fields, 429s ridden out; pull takes won/lost from deals', async () => {
    bed = await startCrmBed('pipedrive', new FakePipedrive('pd-token'), { PIPEDRIVE_TOKEN: 'pd-token' });
    const { crm: pd, db, cli } = bed;
    // L000 phone-only; L001 unknown to Pipedrive; the rest by email.
    seedScoredLeads(db, 120, (i) => ({ email: i === 0 ? null : `lead${i}@example.com`, phone: phoneOf(i) }));
    pd.addPerson({ phones: [phoneOf(0)] });
    for (let i = 2; i < 120; i++) pd.addPerson({ emails: [`Lead${i}@example.com`] });

    const dry = await cli('push', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run for pipedrive: 119 changes would be written, 1 skipped/);
    expect(dry.stdout).toMatch(/planned L000 -> phone:\+14155551000 \[1\]: /);
    expect(dry.stdout).toMatch(/skipped L001 -> phone:\+14155551001: .* no Pipedrive person has email lead1@example.com or phone \+14155551001/);
    expect(pd.writes).toHaveLength(0);

    pd.throttleNext(3);
    const push = await cli('push');
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(/pushed to pipedrive: 119 written, 0 failed, 1 skipped/);
    expect(push.stderr).toMatch(/waiting [\d.]+ s: 429 Too Many Requests/);
    const names: FieldNames = FIELD_KEYS;
    expectDryRunEqualsPush(dry.stdout, push.stdout, pd.writes, names);
    // The token travels in a header, never in a URL.
    expect(pd.requests.some((r) => r.query.has('api_token'))).toBe(false);

    const again = await cli('push', '--dry-run');
    expect(again.stdout).toMatch(/0 changes would be written, 1 skipped/);

    const personOf = (email: string): number => [...pd.persons.values()].find((p) => p.emails[0] === email)?.id ?? -1;
    pd.addDeal(personOf('Lead5@example.com'), 'lost');
    pd.addDeal(personOf('Lead5@example.com'), 'won');
    pd.addDeal(personOf('Lead6@example.com'), 'lost');
    pd.addDeal(personOf('Lead7@example.com'), 'lost');
    pd.addDeal(personOf('Lead7@example.com'), 'open');
    // Lead 8's won deal sits on the third page of its deals.
    for (let k = 0; k < 4; k++) pd.addDeal(personOf('Lead8@example.com'), 'lost');
    pd.addDeal(personOf('Lead8@example.com'), 'won');
    pd.dealsPageSize = 2;
    const pull = await cli('pull');
    expect(pull.code).toBe(0);
    expect(pull.stdout).toMatch(/pulled from pipedrive: 119 linked leads, 119 read, 119 status changes, 3 outcomes recorded, 0 missing/);
    const history = db.prepare(`SELECT lead_id, new_value, recorded_by, reason FROM outcomes ORDER BY lead_id`).all();
    expect(history).toEqual([
      { lead_id: 'L005', new_value: 'converted', recorded_by: 'crm:pipedrive', reason: 'pipedrive says deals won=1 lost=1 open=0' },
      { lead_id: 'L006', new_value: 'lost', recorded_by: 'crm:pipedrive', reason: 'pipedrive says deals won=0 lost=1 open=0' },
      { lead_id: 'L008', new_value: 'converted', recorded_by: 'crm:pipedrive', reason: 'pipedrive says deals won=1 lost=4 open=0' },
    ]);
    expect(db.prepare(`SELECT lead_id, crm_lead_status AS s FROM leads WHERE lead_id IN ('L007', 'L009') ORDER BY lead_id`).all()).toEqual([
      { lead_id: 'L007', s: 'open' },
      { lead_id: 'L009', s: 'no deals' },
    ]);
    // Both sides of every exchange in the vendor's published shapes (tests/fixtures/vendor-shapes/pipedrive.json).
    expect(pd.exchanges.length).toBeGreaterThan(0);
    expect(vendorShapeViolations('pipedrive', pd.exchanges)).toEqual([]);
  }, 60_000);
});
