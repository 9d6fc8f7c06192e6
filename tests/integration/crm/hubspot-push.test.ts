import { afterEach, describe, expect, it } from 'vitest';
import { HUBSPOT_PROPERTIES } from '../../../electron/crm/hubspot';
import { FakeHubSpot, type Contact } from '../../fixtures/servers/hubspot-server';
import { expectDryRunEqualsPush, phoneOf, seedScoredLeads, startCrmBed, type CrmBed } from './crm-fixture';
import { vendorShapeViolations } from '../../fixtures/vendor-shapes/check';
import { refreshAllLeadScores } from '../../../electron/scoring/lead-score';

let bed: CrmBed<FakeHubSpot> | null = null;
afterEach(async () => bed?.close());

const inputsTo = (hub: FakeHubSpot, suffix: string): number[] =>
  hub.requests.filter((r) => r.path.endsWith(suffix)).map((r) => ((r.body as { inputs?: unknown[] }).inputs ?? []).length);

describe('crm push hubspot', () => {
  it('the dry run lists exactly the changes the push then makes; phone-only leads are matched or created; batches of 100; 429s ridden out', async () => {
    bed = await startCrmBed('hubspot', new FakeHubSpot('pat-test'), { HUBSPOT_TOKEN: 'pat-test' });
    const { crm: hub, db, cli } = bed;
    hub.addContact({ phone: phoneOf(0), firstname: 'Known' });
    // Lead 0 has only a phone HubSpot knows, lead 1 only a phone it does not know, lead 2 nothing to match by, the rest an email.
    seedScoredLeads(db, 150, (i) => ({ email: i < 3 ? null : `lead${i}@example.com`, phone: i === 2 ? null : phoneOf(i) }));

    const dry = await cli('push', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run for hubspot: 149 changes would be written, 1 skipped/);
    expect(dry.stdout).toMatch(/planned L000 -> phone:\+14155551000 \[1000\]: /);
    expect(dry.stdout).toMatch(/planned L001 -> new-contact:phone:\+14155551001: /);
    expect(dry.stdout).toMatch(/skipped L002 -> none: .* lead has neither email nor phone/);
    expect(hub.writes).toHaveLength(0); // a dry run writes nothing

    hub.throttleNext(2);
    const push = await cli('push');
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(/pushed to hubspot: 149 written, 0 failed, 1 skipped/);
    expect(push.stderr).toMatch(/waiting 1\.0 s: 429 Too Many Requests \(Retry-After 1\)/);
    expectDryRunEqualsPush(dry.stdout, push.stdout, hub.writes, HUBSPOT_PROPERTIES);
    // The phone-only caller HubSpot did not know is now a contact with that phone and the score.
    const created = [...hub.contacts.values()].find((c) => c.properties.phone === phoneOf(1));
    expect(created?.properties.callrank_score).toBe('21');
    // One batch of 100 (98 upserts by email, 1 create, 1 update by id), then the remaining 49.
    expect(inputsTo(hub, 'batch/upsert')).toEqual([98, 49]);
    expect(inputsTo(hub, 'batch/create')).toEqual([1]);
    expect(inputsTo(hub, 'batch/update')).toEqual([1]);
    // The dry run's 2 phone searches, the push's 2 and the 2 asked again after the 429s; the later runs know every id.
    expect(hub.requests.filter((r) => r.path.endsWith('search'))).toHaveLength(2 + 2 + 2);
    expect(hub.writes.every((w) => w.properties.callrank_top_reason === 'Budget confirmed')).toBe(true);

    // Every lead now has its HubSpot id: a second dry run has nothing to do and searches nothing.
    const again = await cli('push', '--dry-run');
    expect(again.stdout).toMatch(/0 changes would be written, 1 skipped/);

    db.prepare(`UPDATE scores SET score = 91, band = 'hot' WHERE call_id = 'C7'`).run();
    refreshAllLeadScores(db); // as a re-score does after writing scores
    const one = await cli('push', '--dry-run');
    expect(one.stdout).toMatch(/1 changes would be written/);
    expect(one.stdout).toMatch(/planned L007 -> id:\d+ \[\d+\]: score=91 band=hot .*\(was 27 cold\)/);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM crm_push_log WHERE outcome = 'written'`).get()).toEqual({ n: 149 });

    // Pull: a won deal is a sale, lost deals with none open a loss; without deals a customer is a
    // sale and an UNQUALIFIED lead status a loss; anything else is only a status.
    Object.assign(hub.contacts.get('1000')?.properties ?? {}, { lifecyclestage: 'customer' });
    const contactOf = (email: string): Contact | undefined => [...hub.contacts.values()].find((c) => c.properties.email === email);
    Object.assign(contactOf('lead3@example.com')?.properties ?? {}, { lifecyclestage: 'lead', hs_lead_status: 'UNQUALIFIED' });
    Object.assign(contactOf('lead4@example.com')?.properties ?? {}, { lifecyclestage: 'lead', hs_lead_status: 'IN_PROGRESS' });
    hub.addDeal(contactOf('lead5@example.com')?.id ?? '', 'closedlost');
    hub.addDeal(contactOf('lead5@example.com')?.id ?? '', 'closedwon');
    hub.addDeal(contactOf('lead6@example.com')?.id ?? '', 'closedlost');
    hub.addDeal(contactOf('lead7@example.com')?.id ?? '', 'closedlost');
    hub.addDeal(contactOf('lead7@example.com')?.id ?? '', 'appointmentscheduled');
    const pull = await cli('pull');
    expect(pull.stdout).toMatch(/pulled from hubspot: 149 linked leads, 149 read, 3 status changes, 4 outcomes recorded, 0 missing/);
    expect(db.prepare(`SELECT lead_id, new_value, reason FROM outcomes ORDER BY lead_id`).all()).toEqual([
      { lead_id: 'L000', new_value: 'converted', reason: 'hubspot says lifecyclestage=customer hs_lead_status=-' },
      { lead_id: 'L003', new_value: 'lost', reason: 'hubspot says lifecyclestage=lead hs_lead_status=UNQUALIFIED' },
      { lead_id: 'L005', new_value: 'converted', reason: 'hubspot says lifecyclestage=- hs_lead_status=- deals won=1 lost=1 open=0' },
      { lead_id: 'L006', new_value: 'lost', reason: 'hubspot says lifecyclestage=- hs_lead_status=- deals won=0 lost=1 open=0' },
    ]);
    expect(inputsTo(hub, 'objects/contacts/batch/read')).toEqual([100, 49]);
    expect(inputsTo(hub, 'objects/deals/batch/read')).toEqual([5]);
    expect(inputsTo(hub, 'associations/contacts/deals/batch/read')).toEqual([100, 49]);
    // Both sides of every exchange in the vendor's published shapes (tests/fixtures/vendor-shapes/hubspot.json).
    expect(hub.exchanges.length).toBeGreaterThan(0);
    expect(vendorShapeViolations('hubspot', hub.exchanges)).toEqual([]);
  }, 60_000);
});
