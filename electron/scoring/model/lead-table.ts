import type Database from 'better-sqlite3';
import type { CallFeatures } from '../../../shared/scoring/call-features';
import type { RawTable, RawValue } from './dataset';

interface LeadRow {
  lead_id: string;
  lead_source: string | null;
  campaign: string | null;
  crm_lead_status: string | null;
  attributes: string;
  outcome: string | null;
  lead_score: number | null;
}

interface CallRow {
  lead_id: string;
  features: string | null;
  qa: number | null;
  lead_score: number | null;
}

export interface LeadTable {
  leadIds: string[];
  table: RawTable;
  /** 1 converted, 0 lost, null unknown. */
  outcome: Array<0 | 1 | null>;
}

const INTENTS = ['pricing_asked', 'appointment_booked', 'appointment_requested', 'callback_requested', 'not_interested', 'objection', 'competitor_mentioned', 'wrong_number', 'voicemail'];

const BUILT_IN = new Set([
  'lead_source', 'campaign', 'crm_lead_status', 'calls', 'total_call_seconds', 'rubric_lead_score', 'max_call_lead_score', 'mean_qa_score',
  'customer_sentiment', 'customer_talk_ratio', 'questions_by_customer', 'region', 'first_call_hour', 'first_call_weekday', 'first_call_direction',
  ...INTENTS.map((i) => `intent:${i}`),
]);

function scalar(v: unknown): RawValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** One row per lead: CRM fields, custom attributes, and what its calls showed (counts, intents, scores). */
function leadRecord(lead: LeadRow, calls: CallRow[]): Record<string, RawValue> {
  const rec: Record<string, RawValue> = {
    lead_source: lead.lead_source,
    campaign: lead.campaign,
    crm_lead_status: lead.crm_lead_status,
  };
  const attrs = JSON.parse(lead.attributes) as Record<string, unknown>;
  // Custom attributes keep their own names (so --exclude reads naturally) unless a built-in column has it.
  for (const [k, v] of Object.entries(attrs)) rec[BUILT_IN.has(k) ? `attr:${k}` : k] = scalar(v);
  const features = calls.map((c) => (c.features ? (JSON.parse(c.features) as CallFeatures) : null)).filter((f): f is CallFeatures => f !== null);
  rec.calls = calls.length;
  rec.total_call_seconds = features.reduce((s, f) => s + (f.durationS ?? 0), 0);
  rec.rubric_lead_score = lead.lead_score;
  rec.max_call_lead_score = calls.reduce<number | null>((m, c) => (c.lead_score === null ? m : Math.max(m ?? -Infinity, c.lead_score)), null);
  rec.mean_qa_score = mean(calls.map((c) => c.qa).filter((x): x is number => x !== null));
  rec.customer_sentiment = mean(features.map((f) => f.sentiment.customer).filter((x): x is number => x !== null));
  rec.customer_talk_ratio = mean(features.map((f) => f.conversation.customerTalkRatio).filter((x): x is number => x !== null));
  rec.questions_by_customer = features.reduce((s, f) => s + (f.conversation.questionsCustomer ?? 0), 0);
  for (const id of INTENTS) rec[`intent:${id}`] = features.reduce((s, f) => s + (f.intents.find((i) => i.id === id)?.count ?? 0), 0);
  const first = features[0];
  rec.region = first?.caller.region ?? first?.caller.country ?? null;
  rec.first_call_hour = first?.caller.localHour ?? null;
  rec.first_call_weekday = first?.caller.localWeekday ?? null;
  rec.first_call_direction = first?.caller.direction ?? null;
  return rec;
}

/** The conversion model's view of the leads (all, or just `leadIds`), built fresh from the store. */
export function buildLeadTable(db: Database.Database, leadIds?: readonly string[]): LeadTable {
  // json_each lets one statement take any number of ids.
  const only = leadIds ? 'WHERE lead_id IN (SELECT value FROM json_each(@ids))' : '';
  const ids = { ids: JSON.stringify(leadIds ?? []) };
  const leads = db
    .prepare(`SELECT lead_id, lead_source, campaign, crm_lead_status, attributes, outcome, lead_score FROM leads ${only} ORDER BY lead_id`)
    .all(leadIds ? ids : {}) as LeadRow[];
  const calls = db
    .prepare(
      `SELECT c.lead_id, c.features,
              (SELECT score FROM scores s WHERE s.call_id = c.call_id AND s.kind = 'qa') AS qa,
              (SELECT score FROM scores s WHERE s.call_id = c.call_id AND s.kind = 'lead') AS lead_score
       FROM calls c WHERE c.lead_id IS NOT NULL ${leadIds ? 'AND c.lead_id IN (SELECT value FROM json_each(@ids))' : ''}
       ORDER BY COALESCE(c.call_start_time, c.created_at)`,
    )
    .all(leadIds ? ids : {}) as CallRow[];
  const byLead = new Map<string, CallRow[]>();
  for (const c of calls) {
    const list = byLead.get(c.lead_id) ?? [];
    list.push(c);
    byLead.set(c.lead_id, list);
  }
  const records = leads.map((l) => leadRecord(l, byLead.get(l.lead_id) ?? []));
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return {
    leadIds: leads.map((l) => l.lead_id),
    table: { columns, values: columns.map((c) => records.map((r) => r[c] ?? null)), rows: leads.length },
    outcome: leads.map((l) => (l.outcome === 'converted' ? 1 : l.outcome === 'lost' ? 0 : null)),
  };
}
