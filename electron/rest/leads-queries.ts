import { bandFor, type Band } from '../../shared/scoring/bands';
import type { Db } from '../db/open';
import { rankColumnsSql, rankRows, toRankRow, type RankColumns } from '../ranking/rank-leads';
import { rankOrderSql, registerRankFunction } from '../ranking/rank-formula';
import { activeRubric } from '../scoring/rubric-store';

/** A lead as the REST API shows it: the stored fields plus its scores. */
export interface LeadOut {
  lead_id: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  phone_number: string | null;
  email: string | null;
  lead_source: string | null;
  campaign: string | null;
  crm_lead_status: string | null;
  outcome: 'converted' | 'lost' | null;
  call_count: number;
  last_called_at: string | null;
  lead_score: number | null;
  band: Band | null;
  probability: number | null;
  /** The dial priority and why, as the app's queue and `queue --json` give them (electron/ranking). */
  priority: number;
  rank_reason: string;
  attributes: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface LeadFilters {
  limit: number;
  offset: number;
  band?: Band;
  min_score?: number;
  max_score?: number;
  outcome?: 'converted' | 'lost' | 'open';
  campaign?: string;
  lead_source?: string;
  crm_lead_status?: string;
  q?: string;
  sort: 'rank' | 'score' | 'probability' | 'last_called_at' | 'updated_at';
}

type Row = Omit<LeadOut, 'band' | 'attributes' | 'priority' | 'rank_reason'> & RankColumns & { attributes: string };

const COLUMNS = `l.lead_id, l.first_name, l.last_name, l.company, l.phone_number, l.email, l.lead_source, l.campaign,
  l.crm_lead_status, l.outcome, l.call_count, l.last_called_at, l.lead_score, p.probability, l.attributes, l.created_at, l.updated_at,
  ${rankColumnsSql('p.probability')}`;
const FROM = 'FROM leads l LEFT JOIN lead_predictions p ON p.lead_id = l.lead_id';

const ORDER: Record<LeadFilters['sort'], string> = {
  // The queue's own order: one formula (electron/ranking/rank-formula.ts), ties by rowid.
  rank: rankOrderSql('p.probability'),
  score: 'l.lead_score IS NULL, l.lead_score DESC, l.lead_id',
  probability: 'p.probability IS NULL, p.probability DESC, l.lead_id',
  last_called_at: 'l.last_called_at IS NULL, l.last_called_at DESC, l.lead_id',
  updated_at: 'l.updated_at DESC, l.lead_id',
};

function bands(db: Db): { hot: number; warm: number } {
  return activeRubric(db, 'lead').rubric.bands;
}

/** The page's rows as the API shows them, each ranked and explained as every other surface does. */
function toLeads(db: Db, rows: Row[], b: { hot: number; warm: number }, nowMs: number): LeadOut[] {
  const ranked = rankRows(db, rows.map(toRankRow), nowMs);
  return rows.map((r) => {
    const { rank_lead_id: _a, rank_score: _b, rank_probability: _c, rank_attempts: _d, rank_created_ms: _e, rank_callback_ms: _f, rank_points: _g, ...lead } = r;
    const k = ranked.get(r.lead_id);
    return {
      ...lead,
      band: r.lead_score === null ? null : bandFor(r.lead_score, b),
      priority: k?.priority ?? 0,
      rank_reason: k?.rank_reason ?? '',
      attributes: JSON.parse(r.attributes || '{}') as Record<string, unknown>,
    };
  });
}

/** One page of leads with the total that match, so a client can page without guessing. */
export function listLeads(db: Db, f: LeadFilters): { items: LeadOut[]; total: number } {
  const b = bands(db);
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, ...v: (string | number)[]): void => {
    where.push(sql);
    params.push(...v);
  };
  // A band is a score range under the active lead rubric's thresholds.
  if (f.band === 'hot') add('l.lead_score >= ?', b.hot);
  if (f.band === 'warm') add('l.lead_score >= ? AND l.lead_score < ?', b.warm, b.hot);
  if (f.band === 'cold') add('l.lead_score < ?', b.warm);
  if (f.min_score !== undefined) add('l.lead_score >= ?', f.min_score);
  if (f.max_score !== undefined) add('l.lead_score <= ?', f.max_score);
  if (f.outcome === 'open') add('l.outcome IS NULL');
  else if (f.outcome) add('l.outcome = ?', f.outcome);
  if (f.campaign !== undefined) add('l.campaign = ?', f.campaign);
  if (f.lead_source !== undefined) add('l.lead_source = ?', f.lead_source);
  if (f.crm_lead_status !== undefined) add('l.crm_lead_status = ?', f.crm_lead_status);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    add(`(l.first_name LIKE ? ESCAPE '\\' OR l.last_name LIKE ? ESCAPE '\\' OR l.company LIKE ? ESCAPE '\\' OR l.email LIKE ? ESCAPE '\\' OR l.phone_number LIKE ? ESCAPE '\\')`, like, like, like, like, like);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const { n } = db.prepare(`SELECT COUNT(*) AS n ${FROM} ${whereSql}`).get(...params) as { n: number };
  registerRankFunction(db);
  const nowMs = Date.now();
  const rows = db
    .prepare(`SELECT ${COLUMNS} ${FROM} ${whereSql} ORDER BY ${ORDER[f.sort]} LIMIT ? OFFSET ?`)
    .all(...params, f.limit, f.offset, { now: nowMs }) as Row[];
  return { items: toLeads(db, rows, b, nowMs), total: n };
}

export function getLead(db: Db, leadId: string): LeadOut | null {
  const r = db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE l.lead_id = ?`).get(leadId) as Row | undefined;
  return r ? (toLeads(db, [r], bands(db), Date.now())[0] as LeadOut) : null;
}

export interface LeadCallOut {
  call_id: string;
  call_start_time: string | null;
  call_duration: number | null;
  direction: string | null;
  agent: string | null;
  lead_score: number | null;
  lead_band: string | null;
  qualified: boolean | null;
  qa_score: number | null;
}

/** A lead's calls, newest first, each with the lead and QA scores it earned. */
export function leadCalls(db: Db, leadId: string): LeadCallOut[] {
  const rows = db
    .prepare(
      `SELECT c.call_id, c.call_start_time, c.call_duration, c.direction, c.agent,
              ls.score AS lead_score, ls.band AS lead_band, ls.qualified, qs.score AS qa_score
       FROM calls c LEFT JOIN scores ls ON ls.call_id = c.call_id AND ls.kind = 'lead'
       LEFT JOIN scores qs ON qs.call_id = c.call_id AND qs.kind = 'qa'
       WHERE c.lead_id = ? ORDER BY COALESCE(c.call_start_time, c.created_at) DESC, c.call_id DESC`,
    )
    .all(leadId) as (Omit<LeadCallOut, 'qualified'> & { qualified: number | null })[];
  return rows.map((r) => ({ ...r, qualified: r.qualified === null ? null : r.qualified === 1 }));
}
