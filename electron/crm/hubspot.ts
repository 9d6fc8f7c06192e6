import { expectJson, retryingFetch, type RetryingFetchOptions } from '../sync/http/retrying-fetch';
import type { CrmAdapter, FieldNames, Target, WriteResult } from './crm-adapter';
import type { CrmFields, PlannedChange } from './plan-push';

/**
 * HubSpot CRM v3 contacts: batch upsert by email (idProperty=email, 100 inputs a request),
 * and for leads with only a phone, a contacts search on `phone` and a batch update by id.
 * The four contact properties must exist in the portal (internal names below).
 */
export const HUBSPOT_DEFAULT_BASE_URL = 'https://api.hubapi.com';
export const HUBSPOT_PROPERTIES: FieldNames = {
  score: 'callrank_score',
  band: 'callrank_band',
  probability: 'callrank_probability',
  top_reason: 'callrank_top_reason',
};

function properties(f: CrmFields): Record<string, string> {
  return {
    [HUBSPOT_PROPERTIES.score]: String(f.score),
    [HUBSPOT_PROPERTIES.band]: f.band,
    [HUBSPOT_PROPERTIES.probability]: f.probability === null ? '' : String(f.probability),
    [HUBSPOT_PROPERTIES.top_reason]: f.top_reason,
  };
}

export function hubspotAdapter(opts: { baseUrl: string; token: string } & RetryingFetchOptions): CrmAdapter {
  const post = async (path: string, body: unknown): Promise<unknown> => {
    const res = await retryingFetch(new URL(path, opts.baseUrl).toString(), {
      method: 'POST',
      headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }, opts);
    return expectJson(res, `HubSpot ${path}`);
  };
  return {
    vendor: 'hubspot',
    batchSize: 100,
    async resolve(changes: readonly PlannedChange[]): Promise<Target[]> {
      const out: Target[] = [];
      for (const change of changes) {
        if (change.remoteId) out.push({ change, matchKey: `id:${change.remoteId}`, remoteId: change.remoteId, skip: null });
        else if (change.email) out.push({ change, matchKey: `email:${change.email.toLowerCase()}`, remoteId: null, skip: null });
        else if (change.phone) {
          const found = (await post('/crm/v3/objects/contacts/search', {
            filterGroups: [{ filters: [{ propertyName: 'phone', operator: 'EQ', value: change.phone }] }],
            properties: ['phone'],
            limit: 1,
          })) as { results?: { id: string }[] };
          const id = found.results?.[0]?.id ?? null;
          out.push({ change, matchKey: `phone:${change.phone}`, remoteId: id, skip: id ? null : `no HubSpot contact has phone ${change.phone}` });
        } else out.push({ change, matchKey: 'none', remoteId: null, skip: 'lead has neither email nor phone' });
      }
      return out;
    },
    async write(batch: readonly Target[]): Promise<WriteResult[]> {
      const byEmail = batch.filter((t) => !t.remoteId);
      const byId = batch.filter((t) => t.remoteId);
      const results: WriteResult[] = [];
      if (byEmail.length) {
        const r = (await post('/crm/v3/objects/contacts/batch/upsert', {
          inputs: byEmail.map((t) => ({ idProperty: 'email', id: t.matchKey.slice('email:'.length), properties: properties(t.change.fields) })),
        })) as { results?: { id: string; properties?: Record<string, string | null> }[] };
        for (const t of byEmail) {
          const email = t.matchKey.slice('email:'.length);
          const hit = r.results?.find((x) => (x.properties?.email ?? '').toLowerCase() === email);
          results.push({ leadId: t.change.leadId, remoteId: hit?.id ?? null, error: hit ? null : 'HubSpot did not return this contact' });
        }
      }
      if (byId.length) {
        const r = (await post('/crm/v3/objects/contacts/batch/update', {
          inputs: byId.map((t) => ({ id: t.remoteId, properties: properties(t.change.fields) })),
        })) as { results?: { id: string }[] };
        for (const t of byId) {
          const ok = r.results?.some((x) => x.id === t.remoteId);
          results.push({ leadId: t.change.leadId, remoteId: t.remoteId, error: ok ? null : 'HubSpot did not confirm the update' });
        }
      }
      return results;
    },
  };
}
