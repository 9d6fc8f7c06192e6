import type Database from 'better-sqlite3';

/**
 * A lead's score is the effective lead score (latest supervisor override, else the AI's) of its most
 * recent scored call: the latest conversation says most about where the lead stands now.
 */
const LATEST_EFFECTIVE = `
  SELECT COALESCE(
           (SELECT o.new_score FROM score_overrides o WHERE o.call_id = s.call_id AND o.kind = 'lead'
            ORDER BY o.override_id DESC LIMIT 1),
           s.score)
  FROM scores s JOIN calls c ON c.call_id = s.call_id
  WHERE c.lead_id = leads.lead_id AND s.kind = 'lead'
  ORDER BY COALESCE(c.call_start_time, c.created_at) DESC, c.call_id DESC LIMIT 1`;

export function refreshLeadScore(db: Database.Database, leadId: string): void {
  db.prepare(`UPDATE leads SET lead_score = (${LATEST_EFFECTIVE}), updated_at = ? WHERE lead_id = ?`).run(new Date().toISOString(), leadId);
}

export function refreshAllLeadScores(db: Database.Database): void {
  db.prepare(`UPDATE leads SET lead_score = (${LATEST_EFFECTIVE}), updated_at = ? WHERE lead_id IN (SELECT lead_id FROM calls)`).run(
    new Date().toISOString(),
  );
}
