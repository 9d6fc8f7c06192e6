import type { Db } from '../db/open';
import type { ApiOutput } from '../../shared/api/contract';
import { bandFor } from '../../shared/scoring/bands';
import { activeBands } from '../scoring/active-bands';

type LeadDetail = ApiOutput<'getLead'>;
type CallSummary = LeadDetail['calls'][number];

export const CALL_SUMMARY_SQL = `
  SELECT c.call_id, c.call_start_time, c.call_duration, c.agent, c.campaign, c.direction, c.lead_id,
         ls.score AS lead_score, ls.band AS lead_band, qs.score AS qa_score, c.recording_path IS NOT NULL AS has_recording
  FROM calls c
  LEFT JOIN scores ls ON ls.call_id = c.call_id AND ls.kind = 'lead'
  LEFT JOIN scores qs ON qs.call_id = c.call_id AND qs.kind = 'qa'`;

export type SummaryRow = Omit<CallSummary, 'has_recording'> & { has_recording: number; lead_id: string | null };

export function toSummary(r: SummaryRow): CallSummary & { lead_id: string | null } {
  return { ...r, has_recording: r.has_recording === 1 };
}

export function leadDetail(db: Db, leadId: string): LeadDetail | null {
  const lead = db
    .prepare(
      `SELECT lead_id, NULLIF(TRIM(COALESCE(first_name,'') || ' ' || COALESCE(last_name,'')), '') AS name, company, phone_number,
              email, lead_source, campaign, lead_score, call_count, outcome, created_at FROM leads WHERE lead_id = ?`,
    )
    .get(leadId) as Omit<LeadDetail['lead'], 'band'> | undefined;
  if (!lead) return null;
  const calls = (
    db.prepare(`${CALL_SUMMARY_SQL} WHERE c.lead_id = ? ORDER BY c.call_start_time DESC`).all(leadId) as SummaryRow[]
  ).map(toSummary);
  const band = lead.lead_score === null ? null : bandFor(lead.lead_score, activeBands(db, 'lead'));
  return { lead: { ...lead, band }, calls };
}
