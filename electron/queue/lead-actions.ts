import type { Db } from '../db/open';

/** One more dial attempt, now. */
export function markCalled(db: Db, leadId: string, now = new Date()): boolean {
  const iso = now.toISOString();
  return db.prepare('UPDATE leads SET call_count = call_count + 1, last_called_at = ?, updated_at = ? WHERE lead_id = ?').run(iso, iso, leadId).changes > 0;
}

/**
 * Stores an outcome in the lead's history (who, when, old and new value, reason) and as its
 * latest value. INTERIM until the scoring module's feedback API (which also retrains) lands.
 */
export function recordOutcome(db: Db, leadId: string, outcome: 'converted' | 'lost' | null, by: string, reason: string | undefined): boolean {
  return db.transaction(() => {
    const row = db.prepare('SELECT outcome FROM leads WHERE lead_id = ?').get(leadId) as { outcome: string | null } | undefined;
    if (!row) return false;
    const iso = new Date().toISOString();
    db.prepare('INSERT INTO outcomes (lead_id, old_value, new_value, recorded_by, reason, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      leadId,
      row.outcome,
      outcome,
      by,
      reason ?? null,
      'manual',
      iso,
    );
    db.prepare('UPDATE leads SET outcome = ?, updated_at = ? WHERE lead_id = ?').run(outcome, iso, leadId);
    return true;
  })();
}
