import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { Db } from '../db/open';
import { leadIdForPhone } from '../ingest/ids';
import { normalizePhone, type PhoneRegion } from '../ingest/phone';
import { OutcomeError, recordOutcomeInTransaction } from '../scoring/outcomes';
import { jsonBody, parseOr400, queryObject, RestError } from './http-io';
import { getLead, leadCalls, listLeads, type LeadOut } from './leads-queries';

const text = z.string().trim().min(1).max(500);
const num = z.coerce.number().finite();

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  band: z.enum(['hot', 'warm', 'cold']).optional(),
  min_score: num.optional(),
  max_score: num.optional(),
  outcome: z.enum(['converted', 'lost', 'open']).optional(),
  campaign: text.optional(),
  lead_source: text.optional(),
  crm_lead_status: text.optional(),
  q: text.optional(),
  sort: z.enum(['rank', 'score', 'probability', 'last_called_at', 'updated_at']).default('rank'),
});

const editable = {
  first_name: text.nullable().optional(),
  last_name: text.nullable().optional(),
  company: text.nullable().optional(),
  phone_number: text.nullable().optional(),
  email: z.email().nullable().optional(),
  lead_source: text.nullable().optional(),
  campaign: text.nullable().optional(),
  crm_lead_status: text.nullable().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
};

const createBody = z.strictObject({ lead_id: text.optional(), ...editable });

const updateBody = z.strictObject({
  lead_id: text,
  ...editable,
  /** Sets the outcome through the feedback loop (history and retrain), not as a plain column. */
  outcome: z.enum(['converted', 'lost']).nullable().optional(),
  outcome_by: text.optional(),
  outcome_reason: text.optional(),
});

function e164(raw: string | null | undefined, region: PhoneRegion): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  const n = normalizePhone(raw, region);
  if (!n) throw new RestError(400, `invalid request body: phone_number: "${raw}" is not a valid phone number`, [{ path: 'phone_number', message: 'not a valid phone number' }]);
  return n;
}

function phoneTaken(db: Db, phone: string | null | undefined, leadId: string): void {
  if (!phone) return;
  const other = db.prepare('SELECT lead_id FROM leads WHERE phone_number = ? AND lead_id <> ?').get(phone, leadId) as { lead_id: string } | undefined;
  if (other) throw new RestError(409, `phone_number ${phone} already belongs to lead ${other.lead_id}`);
}

export function getLeads(db: Db, url: URL): { items: LeadOut[]; total: number; limit: number; offset: number; next_offset: number | null } {
  const f = parseOr400(listQuery, queryObject(url), 'query');
  const page = listLeads(db, f);
  const next = f.offset + page.items.length;
  return { ...page, limit: f.limit, offset: f.offset, next_offset: next < page.total ? next : null };
}

export function getLeadDetail(db: Db, leadId: string): LeadOut & { calls: ReturnType<typeof leadCalls> } {
  const lead = getLead(db, leadId);
  if (!lead) throw new RestError(404, `lead ${leadId} not found`);
  return { ...lead, calls: leadCalls(db, leadId) };
}

export async function createLead(db: Db, req: IncomingMessage, region: PhoneRegion): Promise<LeadOut> {
  const b = await jsonBody(req, createBody);
  const phone = e164(b.phone_number, region);
  // Without an id the lead gets the one ingest would give a caller from that number, so calls find it.
  const leadId = b.lead_id ?? (phone ? leadIdForPhone(phone) : null);
  if (!leadId) throw new RestError(400, 'invalid request body: a lead needs a lead_id or a phone_number', [{ path: 'lead_id', message: 'lead_id or phone_number required' }]);
  if (getLead(db, leadId)) throw new RestError(409, `lead ${leadId} already exists: use PUT /api/leads to change it`);
  phoneTaken(db, phone, leadId);
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO leads (lead_id, first_name, last_name, company, phone_number, email, lead_source, campaign, crm_lead_status, attributes, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(leadId, b.first_name ?? null, b.last_name ?? null, b.company ?? null, phone ?? null, b.email ?? null, b.lead_source ?? null, b.campaign ?? null, b.crm_lead_status ?? null, JSON.stringify(b.attributes ?? {}), now, now);
  return getLead(db, leadId) as LeadOut;
}

/** Changes only the fields given; attributes merge into the stored ones. */
/** `onOutcome` tells the serving process that rows changed (a retrain may be queued). */
export async function updateLead(db: Db, req: IncomingMessage, region: PhoneRegion, onOutcome?: () => void): Promise<LeadOut> {
  const b = await jsonBody(req, updateBody);
  const current = getLead(db, b.lead_id);
  if (!current) throw new RestError(404, `lead ${b.lead_id} not found`);
  const phone = e164(b.phone_number, region);
  phoneTaken(db, phone, b.lead_id);
  const columns = { ...b, phone_number: phone } as Record<string, unknown>;
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const k of ['first_name', 'last_name', 'company', 'phone_number', 'email', 'lead_source', 'campaign', 'crm_lead_status'] as const) {
    if (columns[k] !== undefined) {
      sets.push(`${k} = ?`);
      values.push(columns[k]);
    }
  }
  if (b.attributes) {
    sets.push('attributes = ?');
    values.push(JSON.stringify({ ...current.attributes, ...b.attributes }));
  }
  // The fields and the outcome (through the one outcome function, which queues the retrain) land together or not at all.
  db.transaction(() => {
    if (sets.length) db.prepare(`UPDATE leads SET ${sets.join(', ')}, updated_at = ? WHERE lead_id = ?`).run(...values, new Date().toISOString(), b.lead_id);
    if (b.outcome !== undefined) {
      try {
        recordOutcomeInTransaction(db, { leadId: b.lead_id, outcome: b.outcome, by: b.outcome_by ?? 'api', reason: b.outcome_reason ?? null, source: 'api' });
      } catch (err) {
        if (err instanceof OutcomeError) throw new RestError(400, `invalid request body: outcome: ${err.message}`, [{ path: 'outcome', message: err.message }]);
        throw err;
      }
    }
  })();
  onOutcome?.();
  return getLead(db, b.lead_id) as LeadOut;
}
