import type { RetryingFetchOptions } from '../net/retrying-fetch';
import { chunks, noKeyTarget, type CrmAdapter, type FieldNames, type LeadRef, type RemoteStatus, type Target, type WriteResult } from './crm-adapter';
import { crmHttp, type CrmRequest } from './crm-http';
import type { CrmFields } from './plan-push';

/**
 * Salesforce REST API, Lead object, OAuth 2.0 access token as a bearer: Leads are found with SOQL
 * (by Email, then Phone; converted Leads are skipped because Salesforce refuses to update them)
 * and updated with sObject Collections (PATCH composite/sobjects, 200 records a request,
 * allOrNone=false so one bad record does not sink the batch). The four custom fields must exist
 * on Lead (API names below).
 */
export const SALESFORCE_API_VERSION = 'v60.0';
export const SALESFORCE_FIELDS: FieldNames = {
  score: 'CallRank_Score__c',
  band: 'CallRank_Band__c',
  probability: 'CallRank_Probability__c',
  top_reason: 'CallRank_Top_Reason__c',
};
const DATA = `/services/data/${SALESFORCE_API_VERSION}`;
/** Ids and addresses per SOQL IN (...): keeps the query URL well under Salesforce's limits. */
const QUERY_CHUNK = 100;

interface LeadRecord {
  Id: string;
  Email?: string | null;
  Phone?: string | null;
  Status?: string | null;
  IsConverted?: boolean;
}

interface SaveResult {
  id?: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields?: string[] }[];
}

/** A SOQL string literal: backslash and quote escaped, as the SOQL reference requires. */
export function soqlString(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

async function soql(call: CrmRequest, q: string): Promise<LeadRecord[]> {
  const records: LeadRecord[] = [];
  let page = (await call('GET', `${DATA}/query`, undefined, { q })) as { records: LeadRecord[]; done: boolean; nextRecordsUrl?: string };
  records.push(...page.records);
  while (!page.done && page.nextRecordsUrl) {
    page = (await call('GET', page.nextRecordsUrl)) as typeof page;
    records.push(...page.records);
  }
  return records;
}

async function leadsWhere(call: CrmRequest, field: 'Email' | 'Phone' | 'Id', values: string[]): Promise<LeadRecord[]> {
  const out: LeadRecord[] = [];
  for (const part of chunks([...new Set(values)], QUERY_CHUNK)) {
    out.push(...(await soql(call, `SELECT Id, Email, Phone, Status, IsConverted FROM Lead WHERE ${field} IN (${part.map(soqlString).join(', ')})`)));
  }
  return out;
}

/** Salesforce's standard Lead process: converted means won; a "Closed - Not Converted"-style or "Unqualified" status means lost. */
export function salesforceStatus(leadId: string, r: LeadRecord): RemoteStatus {
  const status = r.Status ?? null;
  const outcome = r.IsConverted ? 'converted' : status && /not converted|unqualified|disqualified|lost/i.test(status) ? 'lost' : null;
  return { leadId, remoteId: r.Id, leadStatus: status, outcome, evidence: `IsConverted=${r.IsConverted === true} Status=${status ?? '-'}` };
}

function fieldValues(f: CrmFields): Record<string, string | number | null> {
  return {
    [SALESFORCE_FIELDS.score]: f.score,
    [SALESFORCE_FIELDS.band]: f.band,
    [SALESFORCE_FIELDS.probability]: f.probability,
    // A text field of the default 255 characters.
    [SALESFORCE_FIELDS.top_reason]: f.top_reason.slice(0, 255),
  };
}

export function salesforceAdapter(opts: { instanceUrl: string; token: string } & RetryingFetchOptions): CrmAdapter {
  const call = crmHttp({ ...opts, vendor: 'salesforce', baseUrl: opts.instanceUrl, credentials: { authorization: `Bearer ${opts.token}` } });
  return {
    vendor: 'salesforce',
    batchSize: 200,
    async resolve<T extends LeadRef>(refs: readonly T[]): Promise<Target<T>[]> {
      const emails = refs.filter((r) => !r.remoteId && r.email).map((r) => (r.email as string).toLowerCase());
      const byEmail = new Map((await leadsWhere(call, 'Email', emails)).map((l) => [(l.Email ?? '').toLowerCase(), l]));
      const phones = refs.filter((r) => !r.remoteId && !(r.email && byEmail.has(r.email.toLowerCase())) && r.phone).map((r) => r.phone as string);
      const byPhone = new Map((await leadsWhere(call, 'Phone', phones)).map((l) => [l.Phone ?? '', l]));
      const ids = refs.filter((r) => r.remoteId).map((r) => r.remoteId as string);
      const byId = new Map((await leadsWhere(call, 'Id', ids)).map((l) => [l.Id, l]));
      return refs.map((change): Target<T> => {
        if (!change.remoteId && !change.email && !change.phone) return noKeyTarget(change);
        const email = change.email?.toLowerCase() ?? null;
        let found: LeadRecord | undefined;
        let matchKey: string;
        if (change.remoteId) {
          found = byId.get(change.remoteId);
          matchKey = `id:${change.remoteId}`;
        } else if (email && byEmail.has(email)) {
          found = byEmail.get(email);
          matchKey = `email:${email}`;
        } else {
          found = change.phone ? byPhone.get(change.phone) : undefined;
          matchKey = change.phone ? `phone:${change.phone}` : `email:${email}`;
        }
        if (!found) {
          const tried = change.remoteId ? `Id ${change.remoteId}` : [email && `Email ${email}`, change.phone && `Phone ${change.phone}`].filter(Boolean).join(' or ');
          return { change, matchKey, remoteId: change.remoteId, skip: `no Salesforce Lead has ${tried}` };
        }
        if (found.IsConverted) return { change, matchKey, remoteId: found.Id, skip: 'the Salesforce Lead is converted; Salesforce does not allow updating it' };
        return { change, matchKey, remoteId: found.Id, skip: null };
      });
    },
    async write(batch): Promise<WriteResult[]> {
      const saved = (await call('PATCH', `${DATA}/composite/sobjects`, {
        allOrNone: false,
        records: batch.map((t) => ({ attributes: { type: 'Lead' }, id: t.remoteId, ...fieldValues(t.change.fields) })),
      })) as SaveResult[];
      // SaveResults come back in the order the records were sent.
      return batch.map((t, i) => {
        const r = saved[i];
        const error = !r ? 'Salesforce returned no result for this record' : r.success ? null : r.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ');
        return { leadId: t.change.leadId, remoteId: t.remoteId, error };
      });
    },
    async readStatus(batch): Promise<RemoteStatus[]> {
      const found = new Map((await leadsWhere(call, 'Id', batch.map((l) => l.remoteId))).map((r) => [r.Id, r]));
      return batch.flatMap((l) => {
        const r = found.get(l.remoteId);
        return r ? [salesforceStatus(l.leadId, r)] : [];
      });
    },
  };
}
