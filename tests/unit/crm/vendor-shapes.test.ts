import { describe, expect, it } from 'vitest';
import type { CrmExchange } from '../../fixtures/servers/fake-crm-server';
import { vendorShapeViolations } from '../../fixtures/vendor-shapes/check';

const T = '2026-01-01T00:00:00Z';
const x = (method: string, url: string, body: unknown, status: number, reply: unknown): CrmExchange => {
  const u = new URL(url, 'http://127.0.0.1');
  return { method, path: u.pathname, query: u.searchParams, body, status, reply };
};
const record = { id: '1', properties: {}, createdAt: T, updatedAt: T, archived: false };

// The checker the CRM integration tests rely on is no rubber stamp: documented exchanges pass,
// each kind of departure from the vendor's shapes is named.
describe('vendor shape checks', () => {
  it('HubSpot: passes a documented upsert, names an undocumented route, an oversized batch and a malformed answer', () => {
    const upsert = { inputs: [{ id: 'a@x.com', idProperty: 'email', properties: { score: '80' } }] };
    const ok = { status: 'COMPLETE', results: [record], startedAt: T, completedAt: T };
    expect(vendorShapeViolations('hubspot', [x('POST', '/crm/v3/objects/contacts/batch/upsert', upsert, 200, ok)])).toEqual([]);
    const bad = vendorShapeViolations('hubspot', [
      x('POST', '/crm/v3/objects/contacts/batch/merge', upsert, 200, ok),
      x('POST', '/crm/v3/objects/contacts/batch/upsert', { inputs: Array(101).fill(upsert.inputs[0]) }, 200, ok),
      x('POST', '/crm/v3/objects/contacts/batch/upsert', upsert, 200, { results: [record] }),
      x('POST', '/crm/v3/objects/contacts/batch/upsert', upsert, 429, { message: 'slow down' }),
    ]);
    expect(bad).toHaveLength(4);
    expect(bad[0]).toMatch(/not a documented route/);
    expect(bad[1]).toMatch(/request .*inputs/);
    expect(bad[2]).toMatch(/200 answer .*status/);
    expect(bad[3]).toMatch(/429 answer .*status/);
  });

  it('Salesforce: names an update without attributes, a SaveResult without success, a query without q and an error object that is not a list', () => {
    const update = { allOrNone: false, records: [{ attributes: { type: 'Lead' }, id: '00Q5g0000000001AAA', CallRank_Score__c: 80 }] };
    expect(vendorShapeViolations('salesforce', [x('PATCH', '/services/data/v60.0/composite/sobjects', update, 200, [{ id: '00Q5g0000000001AAA', success: true, errors: [] }])])).toEqual([]);
    const bad = vendorShapeViolations('salesforce', [
      x('PATCH', '/services/data/v60.0/composite/sobjects', { records: [{ id: '00Q5g0000000001AAA' }] }, 200, [{ success: true, errors: [] }]),
      x('PATCH', '/services/data/v60.0/composite/sobjects', update, 200, [{ id: '00Q5g0000000001AAA', errors: [] }]),
      x('GET', '/services/data/v60.0/query', undefined, 200, { totalSize: 0, done: true, records: [] }),
      x('GET', '/services/data/v60.0/query?q=SELECT+Id+FROM+Lead', undefined, 401, { message: 'Session expired', errorCode: 'INVALID_SESSION_ID' }),
    ]);
    expect(bad).toHaveLength(4);
    expect(bad[0]).toMatch(/request .*attributes/);
    expect(bad[1]).toMatch(/200 answer .*success/);
    expect(bad[2]).toMatch(/query parameter q missing/);
    expect(bad[3]).toMatch(/401 answer/);
  });

  it('Pipedrive: names an undocumented query parameter or value, a custom field that is not a field key, and an answer outside the envelope', () => {
    const search = '/api/v2/persons/search?term=a%40x.com&fields=email&exact_match=true&limit=100';
    const found = { success: true, data: { items: [{ result_score: 1, item: { id: 1, type: 'person' } }] }, additional_data: { next_cursor: null } };
    expect(vendorShapeViolations('pipedrive', [x('GET', search, undefined, 200, found)])).toEqual([]);
    const bad = vendorShapeViolations('pipedrive', [
      x('GET', `${search}&api_token=t`, undefined, 200, found),
      x('GET', '/api/v2/persons/search?term=a&fields=mail', undefined, 200, found),
      x('PATCH', '/api/v2/persons/1', { custom_fields: { score: 80 } }, 200, { success: true, data: { id: 1 } }),
      x('GET', '/api/v2/deals?person_id=1', undefined, 200, { data: [] }),
    ]);
    expect(bad).toHaveLength(4);
    expect(bad[0]).toMatch(/api_token not documented/);
    expect(bad[1]).toMatch(/fields=mail/);
    expect(bad[2]).toMatch(/request .*custom_fields/);
    expect(bad[3]).toMatch(/200 answer .*success/);
  });
});
