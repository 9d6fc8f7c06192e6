import type Database from 'better-sqlite3';
import { retrainIfOutcomesChanged, type TrainOutcome } from './model/model-store';

export interface OutcomeInput {
  leadId: string;
  outcome: 'converted' | 'lost' | null;
  by: string;
  reason: string | null;
  amount?: number | null;
  source?: string;
  /** Retrain the conversion model right away (default true). */
  retrain?: boolean;
}

/** Stores an outcome change with who, when, old and new value and why, then retrains on the new evidence. */
export function recordOutcome(db: Database.Database, input: OutcomeInput): { changed: boolean; retrained: TrainOutcome | null } {
  if (!input.by.trim()) throw new Error('an outcome needs the name of who recorded it');
  const changed = db.transaction(() => {
    const lead = db.prepare('SELECT outcome FROM leads WHERE lead_id = ?').get(input.leadId) as { outcome: string | null } | undefined;
    if (!lead) throw new Error(`lead ${input.leadId} not found`);
    if (lead.outcome === input.outcome) return false;
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO outcomes (lead_id, old_value, new_value, value_amount, recorded_by, reason, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.leadId, lead.outcome, input.outcome, input.amount ?? null, input.by, input.reason, input.source ?? 'manual', now);
    db.prepare('UPDATE leads SET outcome = ?, updated_at = ? WHERE lead_id = ?').run(input.outcome, now, input.leadId);
    return true;
  })();
  const retrained = changed && input.retrain !== false ? retrainIfOutcomesChanged(db) : null;
  return { changed, retrained };
}
