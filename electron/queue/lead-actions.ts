import type { Db } from '../db/open';

/** One more dial attempt, now. */
export function markCalled(db: Db, leadId: string, now = new Date()): boolean {
  const iso = now.toISOString();
  return db.prepare('UPDATE leads SET call_count = call_count + 1, last_called_at = ?, updated_at = ? WHERE lead_id = ?').run(iso, iso, leadId).changes > 0;
}
