import type Database from 'better-sqlite3';
import type { CallFeatures } from '../../../shared/scoring/call-features';
import type { RawTable, RawValue } from './dataset';
import { emptyTexts, roleOf, type LeadTexts } from './text-features';

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
  lead_rubric_id: number | null;
}

export interface LeadTable {
  leadIds: string[];
  table: RawTable;
  /** 1 converted, 0 lost, null unknown. */
  outcome: Array<0 | 1 | null>;
  /** Each lead's words per speaker role, across its calls. */
  texts: LeadTexts[];
  /** The lead rubric version behind each lead's rubric score (its latest scored call's), null when unscored. */
  rubricIds: Array<number | null>;
}

/** Intent (tracker) hits are counted per id under this prefix; ids come from the stored features, whatever they are. */
const INTENT_PREFIX = 'intent:';

const BUILT_IN = new Set([
  'lead_source', 'campaign', 'crm_lead_status', 'calls', 'total_call_seconds', 'rubric_lead_score', 'max_call_lead_score', 'mean_qa_score',
  'customer_sentiment', 'customer_talk_ratio', 'questions_by_customer', 'region', 'first_call_hour', 'first_call_weekday', 'first_call_direction',
]);

/** A custom attribute keeps its name unless a built-in column (or the intent prefix) has it. */
function attributeColumn(key: string): string {
  return BUILT_IN.has(key) || key.startsWith(INTENT_PREFIX) || key.startsWith('attr:') ? `attr:${key}` : key;
}

function scalar(v: unknown): RawValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/**
 * One row per lead: CRM fields, custom attributes, and what its calls showed (counts, intents, scores).
 * A Map, not an object: attribute names are the user's ("constructor", "__proto__" are fine names).
 */
function leadRecord(lead: LeadRow, calls: CallRow[]): { record: Map<string, RawValue>; texts: LeadTexts; analysed: boolean } {
  const rec = new Map<string, RawValue>([
    ['lead_source', lead.lead_source],
    ['campaign', lead.campaign],
    ['crm_lead_status', lead.crm_lead_status],
  ]);
  const attrs: unknown = JSON.parse(lead.attributes);
  if (attrs && typeof attrs === 'object' && !Array.isArray(attrs)) for (const [k, v] of Object.entries(attrs)) rec.set(attributeColumn(k), scalar(v));
  const features = calls.map((c) => (c.features ? (JSON.parse(c.features) as CallFeatures) : null)).filter((f): f is CallFeatures => f !== null);
  rec.set('calls', calls.length);
  rec.set('total_call_seconds', features.reduce((s, f) => s + (f.durationS ?? 0), 0));
  rec.set('rubric_lead_score', lead.lead_score);
  rec.set('max_call_lead_score', calls.reduce<number | null>((m, c) => (c.lead_score === null ? m : Math.max(m ?? -Infinity, c.lead_score)), null));
  rec.set('mean_qa_score', mean(calls.map((c) => c.qa).filter((x): x is number => x !== null)));
  rec.set('customer_sentiment', mean(features.map((f) => f.sentiment.customer).filter((x): x is number => x !== null)));
  rec.set('customer_talk_ratio', mean(features.map((f) => f.conversation.customerTalkRatio).filter((x): x is number => x !== null)));
  rec.set('questions_by_customer', features.reduce((s, f) => s + (f.conversation.questionsCustomer ?? 0), 0));
  const intents = new Map<string, number>();
  for (const f of features) for (const hit of f.intents ?? []) intents.set(hit.id, (intents.get(hit.id) ?? 0) + (hit.count ?? 0));
  for (const [id, n] of intents) rec.set(`${INTENT_PREFIX}${id}`, n);
  const first = features[0];
  rec.set('region', first?.caller.region ?? first?.caller.country ?? null);
  rec.set('first_call_hour', first?.caller.localHour ?? null);
  rec.set('first_call_weekday', first?.caller.localWeekday ?? null);
  rec.set('first_call_direction', first?.caller.direction ?? null);
  const texts = emptyTexts();
  for (const f of features) for (const t of f.turns ?? []) if (t.text.trim()) texts[roleOf(t.speaker)].push(t.text);
  return { record: rec, texts, analysed: features.length > 0 };
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
              (SELECT score FROM scores s WHERE s.call_id = c.call_id AND s.kind = 'lead') AS lead_score,
              (SELECT rubric_id FROM scores s WHERE s.call_id = c.call_id AND s.kind = 'lead') AS lead_rubric_id
       FROM calls c WHERE c.lead_id IS NOT NULL ${leadIds ? 'AND c.lead_id IN (SELECT value FROM json_each(@ids))' : ''}
       ORDER BY COALESCE(c.call_start_time, c.created_at), c.call_id`,
    )
    .all(leadIds ? ids : {}) as CallRow[];
  const byLead = new Map<string, CallRow[]>();
  for (const c of calls) {
    const list = byLead.get(c.lead_id) ?? [];
    list.push(c);
    byLead.set(c.lead_id, list);
  }
  const built = leads.map((l) => leadRecord(l, byLead.get(l.lead_id) ?? []));
  const columns = [...new Set(built.flatMap((b) => [...b.record.keys()]))];
  return {
    leadIds: leads.map((l) => l.lead_id),
    // An intent no call of an analysed lead hit counts 0; a lead with no analysed call has no counts at all.
    table: {
      columns,
      values: columns.map((c) => built.map((b) => b.record.get(c) ?? (c.startsWith(INTENT_PREFIX) && b.analysed ? 0 : null))),
      rows: leads.length,
    },
    outcome: leads.map((l) => (l.outcome === 'converted' ? 1 : l.outcome === 'lost' ? 0 : null)),
    texts: built.map((b) => b.texts),
    rubricIds: leads.map((l) => [...(byLead.get(l.lead_id) ?? [])].reverse().find((c) => c.lead_score !== null)?.lead_rubric_id ?? null),
  };
}
