import type Database from 'better-sqlite3';
import { stmt } from '../db/statements';

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

/**
 * Every scored call of the leads `leads` selects (an SQL FROM clause ending in calls `c`), with its
 * effective score, its weight and its value; rn = 1 marks the call that sets its lead's score.
 */
function decayedCalls(leads: string, leadFilter = '1'): string {
  return `
  SELECT lead_id, call_id, effective, weight, effective * weight AS value, n, rubric_id, code,
         ROW_NUMBER() OVER (PARTITION BY lead_id ORDER BY effective * weight DESC, call_id) AS rn
  FROM (
    SELECT lead_id, call_id, effective, n, rubric_id, code,
           pow(0.5, max(0, julianday(latest) - julianday(at)) / ${HALF_LIFE_DAYS}.0) AS weight
    FROM (
      SELECT c.lead_id, c.call_id, s.rubric_id, s.outcomes AS code, COALESCE(c.call_start_time, c.created_at) AS at,
             MAX(COALESCE(c.call_start_time, c.created_at)) OVER (PARTITION BY c.lead_id) AS latest,
             COUNT(*) OVER (PARTITION BY c.lead_id) AS n,
             COALESCE(
               (SELECT o.new_score FROM score_overrides o WHERE o.call_id = s.call_id AND o.kind = 'lead'
                ORDER BY o.override_id DESC LIMIT 1),
               s.score) AS effective
      FROM ${leads} CROSS JOIN scores s ON s.call_id = c.call_id AND s.kind = 'lead'
      WHERE ${leadFilter}))`;
}

const LEAD_SCORE = `SELECT ROUND(value, 1) FROM (${decayedCalls('calls c', 'c.lead_id = leads.lead_id')}) WHERE rn = 1`;

/** The call that sets the score of the lead `leadRef` (an SQL expression), as a scalar subquery. */
export function countedCallSql(leadRef: string): string {
  return `(SELECT call_id FROM (${decayedCalls('calls c', `c.lead_id = ${leadRef}`)}) WHERE rn = 1)`;
}

export function refreshLeadScore(db: Database.Database, leadId: string): void {
  stmt(db, `UPDATE leads SET lead_score = (${LEAD_SCORE}), updated_at = ? WHERE lead_id = ?`).run(new Date().toISOString(), leadId);
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
  /** The counted call's stored score: the rubric version it was made with and its outcome code (stored-outcomes.ts). */
  rubricId: number;
  code: string;
}

/** The counted call of each lead given (leads without a scored call are left out), in one query. */
export function leadScoreBasis(db: Database.Database, leadIds: readonly string[]): Map<string, LeadScoreBasis> {
  const out = new Map<string, LeadScoreBasis>();
  if (!leadIds.length) return out;
  type Row = [leadId: string, callId: string, effective: number, weight: number, n: number, rubricId: number, code: string];
  const cols = 'SELECT lead_id, call_id, effective, weight, n, rubric_id, code FROM';
  // Asked for most leads (the whole queue), one pass over every call beats looking up each lead
  // from a JSON list (about half the time for 100k leads); the leads not asked for are dropped.
  const most = leadIds.length * 2 > (db.prepare('SELECT count(*) FROM leads').pluck().get() as number);
  const rows = most
    ? (db.prepare(`${cols} (${decayedCalls('calls c')}) WHERE rn = 1`).raw().all() as Row[])
    : (db
        .prepare(`${cols} (${decayedCalls('json_each(?) j CROSS JOIN calls c ON c.lead_id = j.value')}) WHERE rn = 1`)
        .raw()
        .all(JSON.stringify(leadIds)) as Row[]);
  const asked = most ? new Set(leadIds) : null;
  for (const [leadId, callId, callScore, weight, calls, rubricId, code] of rows) {
    if (asked && !asked.has(leadId)) continue;
    out.set(leadId, { leadId, callId, callScore, weight, calls, rubricId, code });
  }
  return out;
}

/**
 * The lead's latest scored call (a scalar subquery over the lead `leadRef`): what a lead whose
 * score is 0 ranks and is explained by. A score stops at 0, so a wrong number and a call that
 * merely went nowhere would tie; the latest call's unclamped points (rubric_points()) tell them apart.
 */
export function latestScoredCallSql(leadRef: string): string {
  return `(SELECT c.call_id FROM calls c JOIN scores s ON s.call_id = c.call_id AND s.kind = 'lead'
           WHERE c.lead_id = ${leadRef} ORDER BY COALESCE(c.call_start_time, c.created_at) DESC, c.call_id DESC LIMIT 1)`;
}

/**
 * The unclamped points of the lead's latest scored call when its lead score is 0 (else NULL): red
 * flags below zero, as the ranking's tie-break reads them. A supervisor's override is the call's
 * points. Needs rubric_points() registered (ranking/rank-formula.ts).
 */
export function zeroLeadPointsSql(leadRef: string, scoreRef: string): string {
  return `CASE WHEN ${scoreRef} <= 0 THEN (
    SELECT COALESCE(
      (SELECT o.new_score FROM score_overrides o WHERE o.call_id = s.call_id AND o.kind = 'lead' ORDER BY o.override_id DESC LIMIT 1),
      rubric_points(r.definition, s.outcomes))
    FROM scores s JOIN rubrics r ON r.rubric_id = s.rubric_id
    WHERE s.kind = 'lead' AND s.call_id = ${latestScoredCallSql(leadRef)}) END`;
}
