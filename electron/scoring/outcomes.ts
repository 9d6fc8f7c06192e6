import type Database from 'better-sqlite3';
import { scheduleRetrain } from './model/retrain-jobs';

export type OutcomeValue = 'converted' | 'lost' | null;

export interface OutcomeInput {
  leadId: string;
  outcome: OutcomeValue;
  by: string;
  reason: string | null;
  amount?: number | null;
  /** The door it came through: queue, api, import, the CRM's name. */
  source: string;
}

export class OutcomeError extends Error {}

const VALUES = new Set<unknown>(['converted', 'lost', null]);

/**
 * THE one way an outcome is recorded, whatever door it came through (queue keys w/x, REST, CSV
 * import, CRM pull): the lead's history gains who, when, the old and the new value and why; the
 * lead's value changes; and a debounced retrain is queued as a job row (retrain-jobs.ts) that runs
 * off the serving thread. All three in the caller's transaction: nothing is half-stored.
 * Returns false when the lead already had this outcome (nothing recorded, nothing queued).
 */
export function recordOutcomeInTransaction(db: Database.Database, input: OutcomeInput, now = new Date()): boolean {
  if (!input.by.trim()) throw new OutcomeError('an outcome needs the name of who recorded it');
  if (!VALUES.has(input.outcome)) throw new OutcomeError(`outcome must be converted, lost or null (open again), not ${JSON.stringify(input.outcome)}`);
  const lead = db.prepare('SELECT outcome FROM leads WHERE lead_id = ?').get(input.leadId) as { outcome: string | null } | undefined;
  if (!lead) throw new OutcomeError(`lead ${input.leadId} not found: no outcome recorded`);
  if (lead.outcome === input.outcome) return false;
  const iso = now.toISOString();
  db.prepare(
    `INSERT INTO outcomes (lead_id, old_value, new_value, value_amount, recorded_by, reason, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(input.leadId, lead.outcome, input.outcome, input.amount ?? null, input.by, input.reason, input.source, iso);
  db.prepare('UPDATE leads SET outcome = ?, updated_at = ? WHERE lead_id = ?').run(input.outcome, iso, input.leadId);
  scheduleRetrain(db, `${input.leadId} ${lead.outcome ?? 'open'} → ${input.outcome ?? 'open'} (${input.source}, by ${input.by})`, now.getTime());
  return true;
}

/** One outcome in its own transaction. */
export function recordOutcome(db: Database.Database, input: OutcomeInput): { changed: boolean } {
  return { changed: db.transaction(() => recordOutcomeInTransaction(db, input))() };
}

/**
 * Many outcomes as one transaction (an import, a CRM pull): all of them or, when one is refused
 * (an unknown lead), none, with that one named.
 */
export function recordOutcomes(db: Database.Database, inputs: readonly OutcomeInput[]): { changed: number } {
  return {
    changed: db.transaction(() => inputs.reduce((n, input) => n + (recordOutcomeInTransaction(db, input) ? 1 : 0), 0))(),
  };
}
