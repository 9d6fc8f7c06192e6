import { failsEveryRequest, type RetryingFetchOptions } from '../net/retrying-fetch';
import { chunks, knownTarget, noKeyTarget, type CrmAdapter, type FieldNames, type LeadRef, type RemoteStatus, type Target, type WriteResult } from './crm-adapter';
import { crmHttp } from './crm-http';
import type { CrmFields } from './plan-push';

/**
 * HubSpot CRM v3 contacts: batch upsert by email (idProperty=email, 100 inputs a request); a lead
 * with only a phone is looked up with a contacts search on `phone`, updated by id when found and
 * created (batch/create with its phone) when not, so phone-only callers reach the CRM too.
 * Pull reads the contact's stages and its associated deals (associations v4, deals batch read).
 * The four contact properties must exist in the portal (internal names below).
 */
export const HUBSPOT_DEFAULT_BASE_URL = 'https://api.hubapi.com';
export const HUBSPOT_PROPERTIES: FieldNames = {
  score: 'callrank_score',
  band: 'callrank_band',
  probability: 'callrank_probability',
  top_reason: 'callrank_top_reason',
};

const NEW_BY_PHONE = 'new-contact:phone:';

function properties(f: CrmFields): Record<string, string> {
  return {
    [HUBSPOT_PROPERTIES.score]: String(f.score),
    [HUBSPOT_PROPERTIES.band]: f.band,
    [HUBSPOT_PROPERTIES.probability]: f.probability === null ? '' : String(f.probability),
    [HUBSPOT_PROPERTIES.top_reason]: f.top_reason,
  };
}

interface BatchAnswer {
  results?: { id: string; properties?: Record<string, string | null> }[];
}

export interface HubSpotDeal {
  dealstage: string | null;
  hs_is_closed_won: string | null;
  hs_is_closed: string | null;
}

/**
 * A won deal decides a sale; deals all closed and at least one lost decide a loss. Without
 * deals, HubSpot's contact stages speak: a customer has bought, an UNQUALIFIED lead will not.
 */
export function hubspotStatus(leadId: string, id: string, p: Record<string, string | null>, deals: readonly HubSpotDeal[] = []): RemoteStatus {
  const stage = p.lifecyclestage ?? null;
  const lead = p.hs_lead_status ?? null;
  const won = deals.filter((d) => d.hs_is_closed_won === 'true' || d.dealstage === 'closedwon').length;
  const open = deals.filter((d) => d.hs_is_closed !== 'true' && d.dealstage !== 'closedwon' && d.dealstage !== 'closedlost').length;
  const lost = deals.length - won - open;
  const byDeals = won > 0 ? 'converted' : lost > 0 && open === 0 ? 'lost' : null;
  const byContact = stage === 'customer' ? 'converted' : lead === 'UNQUALIFIED' ? 'lost' : null;
  const dealsText = deals.length ? ` deals won=${won} lost=${lost} open=${open}` : '';
  return { leadId, remoteId: id, leadStatus: lead ?? stage, outcome: byDeals ?? byContact, evidence: `lifecyclestage=${stage ?? '-'} hs_lead_status=${lead ?? '-'}${dealsText}` };
}

interface AssociationAnswer {
  results?: { from: { id: string }; to: { toObjectId: string | number }[] }[];
}

export function hubspotAdapter(opts: { baseUrl: string; token: string } & RetryingFetchOptions): CrmAdapter {
  const call = crmHttp({ ...opts, vendor: 'hubspot', credentials: { authorization: `Bearer ${opts.token}` } });
  // HubSpot reads, searches and upserts with POST; only creating contacts must not be sent twice.
  const post = async (path: string, body: unknown, idempotent = true): Promise<BatchAnswer> => (await call('POST', path, body, undefined, { idempotent })) as BatchAnswer;
  return {
    vendor: 'hubspot',
    batchSize: 100,
    async resolve<T extends LeadRef>(refs: readonly T[]): Promise<Target<T>[]> {
      const out: Target<T>[] = [];
      for (const change of refs) {
        const known = knownTarget(change);
        if (known) out.push(known);
        else if (change.email) out.push({ change, matchKey: `email:${change.email.toLowerCase()}`, remoteId: null, skip: null });
        else if (change.phone) {
          const found = await post('/crm/v3/objects/contacts/search', {
            filterGroups: [{ filters: [{ propertyName: 'phone', operator: 'EQ', value: change.phone }] }],
            properties: ['phone'],
            limit: 1,
          });
          const id = found.results?.[0]?.id ?? null;
          out.push(id ? { change, matchKey: `phone:${change.phone}`, remoteId: id, skip: null } : { change, matchKey: NEW_BY_PHONE + change.phone, remoteId: null, skip: null });
        } else out.push(noKeyTarget(change));
      }
      return out;
    },
    async write(batch): Promise<WriteResult[]> {
      const byEmail = batch.filter((t) => !t.remoteId && t.matchKey.startsWith('email:'));
      const toCreate = batch.filter((t) => !t.remoteId && t.matchKey.startsWith(NEW_BY_PHONE));
      const byId = batch.filter((t) => t.remoteId);
      const results: WriteResult[] = [];
      // Three requests; one failing fails only its own contacts, and a refusal of the credentials fails the push.
      const part = async (targets: typeof batch, send: () => Promise<WriteResult[]>): Promise<void> => {
        if (!targets.length) return;
        try {
          results.push(...(await send()));
        } catch (err) {
          if (failsEveryRequest(err)) throw err;
          results.push(...targets.map((t) => ({ leadId: t.change.leadId, remoteId: t.remoteId, error: (err as Error).message })));
        }
      };
      await part(byEmail, async () => {
        const r = await post('/crm/v3/objects/contacts/batch/upsert', {
          inputs: byEmail.map((t) => ({ idProperty: 'email', id: t.matchKey.slice('email:'.length), properties: properties(t.change.fields) })),
        });
        return byEmail.map((t) => {
          const email = t.matchKey.slice('email:'.length);
          const hit = r.results?.find((x) => (x.properties?.email ?? '').toLowerCase() === email);
          return { leadId: t.change.leadId, remoteId: hit?.id ?? null, error: hit ? null : 'HubSpot did not return this contact' };
        });
      });
      await part(toCreate, async () => {
        const r = await post(
          '/crm/v3/objects/contacts/batch/create',
          { inputs: toCreate.map((t) => ({ properties: { phone: t.matchKey.slice(NEW_BY_PHONE.length), ...properties(t.change.fields) } })) },
          false,
        );
        return toCreate.map((t) => {
          const hit = r.results?.find((x) => x.properties?.phone === t.matchKey.slice(NEW_BY_PHONE.length));
          return { leadId: t.change.leadId, remoteId: hit?.id ?? null, error: hit ? null : 'HubSpot did not return the created contact' };
        });
      });
      await part(byId, async () => {
        const r = await post('/crm/v3/objects/contacts/batch/update', {
          inputs: byId.map((t) => ({ id: t.remoteId, properties: properties(t.change.fields) })),
        });
        return byId.map((t) => {
          const ok = r.results?.some((x) => x.id === t.remoteId);
          return { leadId: t.change.leadId, remoteId: t.remoteId, error: ok ? null : 'HubSpot did not confirm the update' };
        });
      });
      return results;
    },
    async readStatus(batch): Promise<RemoteStatus[]> {
      const out: RemoteStatus[] = [];
      for (const part of chunks(batch, 100)) {
        const inputs = part.map((l) => ({ id: l.remoteId }));
        const contacts = await post('/crm/v3/objects/contacts/batch/read', { properties: ['lifecyclestage', 'hs_lead_status'], inputs });
        // Contacts without deals come back under `errors` (HTTP 207); they simply have none.
        const links = (await call('POST', '/crm/v4/associations/contacts/deals/batch/read', { inputs }, undefined, { idempotent: true })) as AssociationAnswer;
        const dealIds = new Map((links.results ?? []).map((r) => [r.from.id, r.to.map((t) => String(t.toObjectId))]));
        const allDeals = [...new Set([...dealIds.values()].flat())];
        const deals = new Map<string, HubSpotDeal>();
        for (const ids of chunks(allDeals, 100)) {
          const r = await post('/crm/v3/objects/deals/batch/read', { properties: ['dealstage', 'hs_is_closed_won', 'hs_is_closed'], inputs: ids.map((id) => ({ id })) });
          for (const d of r.results ?? []) deals.set(d.id, { dealstage: d.properties?.dealstage ?? null, hs_is_closed_won: d.properties?.hs_is_closed_won ?? null, hs_is_closed: d.properties?.hs_is_closed ?? null });
        }
        for (const l of part) {
          const hit = contacts.results?.find((x) => x.id === l.remoteId);
          const own = (dealIds.get(l.remoteId) ?? []).flatMap((id) => deals.get(id) ?? []);
          if (hit) out.push(hubspotStatus(l.leadId, hit.id, hit.properties ?? {}, own));
        }
      }
      return out;
    },
  };
}
