import { failsEveryRequest, type RetryingFetchOptions } from '../net/retrying-fetch';
import { runLimited } from '../sync/run-limited';
import { knownTarget, noKeyTarget, type CrmAdapter, type LeadRef, type RemoteStatus, type StatusFailure, type Target, type WriteResult } from './crm-adapter';
import { crmHttp } from './crm-http';
import type { CrmFields } from './plan-push';

/**
 * Pipedrive, person custom fields, API token in the x-api-token header (Pipedrive also takes it
 * as ?api_token=, but a header keeps it out of every URL we log). Custom fields are addressed by
 * the hash keys Pipedrive gives them, so the keys are read once from GET /api/v1/personFields by the
 * field names below. Persons are found with GET /api/v2/persons/search (exact email, then phone)
 * and updated with PATCH /api/v2/persons/{id}. Pipedrive has no bulk person update, so a
 * "batch" is sent as at most 10 requests in flight; won/lost comes from the person's deals.
 */
export const PIPEDRIVE_DEFAULT_BASE_URL = 'https://api.pipedrive.com';
export const PIPEDRIVE_FIELD_NAMES: Record<keyof CrmFields, string> = {
  score: 'CallRank score',
  band: 'CallRank band',
  probability: 'CallRank probability',
  top_reason: 'CallRank top reason',
};
const IN_FLIGHT = 10;

interface Envelope<T> {
  success: boolean;
  data: T;
  error?: string;
}

/** A person's deals decide the outcome: any won deal is a sale; only lost deals (none open) a loss. */
export function pipedriveStatus(leadId: string, personId: string, deals: readonly { id: number; status: string }[]): RemoteStatus {
  const count = (s: string): number => deals.filter((d) => d.status === s).length;
  const [won, lost, open] = [count('won'), count('lost'), count('open')];
  const outcome = won > 0 ? 'converted' : lost > 0 && open === 0 ? 'lost' : null;
  const leadStatus = deals.length === 0 ? 'no deals' : won > 0 ? 'won' : open > 0 ? 'open' : 'lost';
  return { leadId, remoteId: personId, leadStatus, outcome, evidence: `deals won=${won} lost=${lost} open=${open}` };
}

export function pipedriveAdapter(opts: { baseUrl: string; token: string } & RetryingFetchOptions): CrmAdapter {
  const call = crmHttp({ ...opts, vendor: 'pipedrive', credentials: { 'x-api-token': opts.token } });
  let keys: Promise<Record<keyof CrmFields, string>> | null = null;
  const fieldKeys = (): Promise<Record<keyof CrmFields, string>> =>
    (keys ??= (async () => {
      const r = (await call('GET', '/api/v1/personFields', undefined, { limit: '500' })) as Envelope<{ key: string; name: string }[]>;
      const byName = new Map((r.data ?? []).map((f) => [f.name.toLowerCase(), f.key]));
      const out = {} as Record<keyof CrmFields, string>;
      for (const [k, name] of Object.entries(PIPEDRIVE_FIELD_NAMES) as [keyof CrmFields, string][]) {
        const key = byName.get(name.toLowerCase());
        if (!key) throw new Error(`Pipedrive has no person field named "${name}": add it under Settings > Data fields > Person`);
        out[k] = key;
      }
      return out;
    })());
  const search = async (term: string, field: 'email' | 'phone'): Promise<string | null> => {
    const r = (await call('GET', '/api/v2/persons/search', undefined, { term, fields: field, exact_match: 'true', limit: '1' })) as Envelope<{ items: { item: { id: number } }[] }>;
    const id = r.data?.items?.[0]?.item.id;
    return id === undefined ? null : String(id);
  };
  return {
    vendor: 'pipedrive',
    batchSize: 100,
    async resolve<T extends LeadRef>(refs: readonly T[]): Promise<Target<T>[]> {
      if (refs.some((r) => 'fields' in r)) await fieldKeys(); // a push needs the field keys: fail in the dry run, not halfway
      const out: Target<T>[] = [];
      for (const change of refs) {
        const known = knownTarget(change);
        if (known) {
          out.push(known);
          continue;
        }
        if (!change.email && !change.phone) {
          out.push(noKeyTarget(change));
          continue;
        }
        const byEmail = change.email ? await search(change.email, 'email') : null;
        const byPhone = !byEmail && change.phone ? await search(change.phone, 'phone') : null;
        const matchKey = byEmail || !change.phone ? `email:${change.email?.toLowerCase()}` : `phone:${change.phone}`;
        const id = byEmail ?? byPhone;
        const tried = [change.email && `email ${change.email}`, change.phone && `phone ${change.phone}`].filter(Boolean).join(' or ');
        out.push({ change, matchKey, remoteId: id, skip: id ? null : `no Pipedrive person has ${tried}` });
      }
      return out;
    },
    async write(batch): Promise<WriteResult[]> {
      const k = await fieldKeys();
      const results = new Map<string, WriteResult>();
      await runLimited(batch, IN_FLIGHT, async (t) => {
        const f = t.change.fields;
        try {
          const r = (await call('PATCH', `/api/v2/persons/${encodeURIComponent(t.remoteId ?? '')}`, {
            custom_fields: { [k.score]: f.score, [k.band]: f.band, [k.probability]: f.probability, [k.top_reason]: f.top_reason },
          })) as Envelope<{ id: number } | null>;
          const ok = r.success && r.data && String(r.data.id) === t.remoteId;
          results.set(t.change.leadId, { leadId: t.change.leadId, remoteId: t.remoteId, error: ok ? null : `Pipedrive did not confirm the update${r.error ? `: ${r.error}` : ''}` });
        } catch (err) {
          // One person failing (say, deleted meanwhile) must not fail the others in the batch.
          results.set(t.change.leadId, { leadId: t.change.leadId, remoteId: t.remoteId, error: (err as Error).message });
        }
      });
      return batch.map((t) => results.get(t.change.leadId) as WriteResult);
    },
    async readStatus(batch): Promise<(RemoteStatus | StatusFailure)[]> {
      const out: (RemoteStatus | StatusFailure)[] = [];
      let refused: string | null = null;
      await runLimited(batch, IN_FLIGHT, async (l) => {
        if (refused) {
          out.push({ leadId: l.leadId, error: `not tried: ${refused}` });
          return;
        }
        const deals: { id: number; status: string }[] = [];
        let cursor: string | null = null;
        try {
          do {
            const r = (await call('GET', '/api/v2/deals', undefined, { person_id: l.remoteId, limit: '500', ...(cursor ? { cursor } : {}) })) as Envelope<{ id: number; status: string }[]> & {
              additional_data?: { next_cursor?: string | null } | null;
            };
            deals.push(...(r.data ?? []));
            cursor = r.additional_data?.next_cursor ?? null;
          } while (cursor);
        } catch (err) {
          // One person's deals failing fails that lead alone; refused credentials end the pull.
          const stops = failsEveryRequest(err);
          if (stops) refused ??= (err as Error).message;
          out.push({ leadId: l.leadId, error: (err as Error).message, stopsThePull: stops });
          return;
        }
        out.push(pipedriveStatus(l.leadId, l.remoteId, deals));
      });
      return out;
    },
  };
}
