import type Database from 'better-sqlite3';

/**
 * THE rule for a lead's score, read by every ranking and push (docs/design/one-ranking.md):
 * the best recent call with decay. Each scored call of the lead counts with its effective lead
 * score (the latest supervisor override, else the AI's), halved for every HALF_LIFE_DAYS it lies
 * before the lead's latest scored call; the lead scores the best of these. A call to reschedule
 * the morning after a strong call leaves the lead near the strong call's score, where "the latest
 * call wins" dropped it to the reschedule's; a strong call months ago no longer holds up a lead
 * whose recent calls went nowhere. Decay counts back from the latest call, not from today, so a
 * stored score does not go stale by the clock alone (speed-to-lead and callbacks carry time).
 */
export const HALF_LIFE_DAYS = 14;

/** Every scored call of the lead `leadRef` (an SQL expression), with its effective score and weight. */
function decayedCalls(leadRef: string): string {
  return `
  SELECT call_id, effective, weight, effective * weight AS value, n FROM (
    SELECT call_id, effective, n,
           pow(0.5, max(0, julianday(latest) - julianday(at)) / ${HALF_LIFE_DAYS}.0) AS weight
    FROM (
      SELECT c.call_id, COALESCE(c.call_start_time, c.created_at) AS at,
             MAX(COALESCE(c.call_start_time, c.created_at)) OVER () AS latest, COUNT(*) OVER () AS n,
             COALESCE(
               (SELECT o.new_score FROM score_overrides o WHERE o.call_id = s.call_id AND o.kind = 'lead'
                ORDER BY o.override_id DESC LIMIT 1),
               s.score) AS effective
      FROM scores s JOIN calls c ON c.call_id = s.call_id
      WHERE c.lead_id = ${leadRef} AND s.kind = 'lead'))
  ORDER BY value DESC, call_id`;
}

const LEAD_SCORE = `SELECT ROUND(value, 1) FROM (${decayedCalls('leads.lead_id')}) LIMIT 1`;

/** The call that sets the score of the lead `leadRef` (an SQL expression), as a scalar subquery. */
export function countedCallSql(leadRef: string): string {
  return `(SELECT call_id FROM (${decayedCalls(leadRef)}) LIMIT 1)`;
}

export function refreshLeadScore(db: Database.Database, leadId: string): void {
  db.prepare(`UPDATE leads SET lead_score = (${LEAD_SCORE}), updated_at = ? WHERE lead_id = ?`).run(new Date().toISOString(), leadId);
}

export function refreshAllLeadScores(db: Database.Database): void {
  db.prepare(`UPDATE leads SET lead_score = (${LEAD_SCORE}), updated_at = ? WHERE lead_id IN (SELECT lead_id FROM calls)`).run(
    new Date().toISOString(),
  );
}

/** Which call set a lead's score and how: what an explanation names. */
export interface LeadScoreBasis {
  leadId: string;
  callId: string;
  /** The counted call's own (effective) score and the decay it got. */
  callScore: number;
  weight: number;
  /** Scored calls of the lead, all considered. */
  calls: number;
}

/** The counted call of each lead given (leads without a scored call are left out). */
export function leadScoreBasis(db: Database.Database, leadIds: readonly string[]): Map<string, LeadScoreBasis> {
  const out = new Map<string, LeadScoreBasis>();
  if (!leadIds.length) return out;
  const stmt = db.prepare(`SELECT call_id, effective, weight, n FROM (${decayedCalls('@lead')}) LIMIT 1`);
  for (const leadId of leadIds) {
    const r = stmt.get({ lead: leadId }) as { call_id: string; effective: number; weight: number; n: number } | undefined;
    if (r) out.set(leadId, { leadId, callId: r.call_id, callScore: r.effective, weight: r.weight, calls: r.n });
  }
  return out;
}
