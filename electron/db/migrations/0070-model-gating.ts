import type Database from 'better-sqlite3';
import type { Migration } from '../migration';

function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return (db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).get(table, column) ?? null) !== null;
}

/**
 * A trained model goes live only when it beats the active one and the rubric score on the same
 * outcomes (docs/design/model-gating.md). Each model keeps that decision and its figures, the
 * out-of-fold probability it gave every lead it was validated on (what the next candidate is
 * compared against), and every activation, refusal and rollback is an event with who and why.
 * Models trained before this went live unconditionally; they are recorded as such.
 */
export const migration: Migration = {
  version: 70,
  name: 'model-gating',
  up(db) {
    const columns: Array<[string, string]> = [
      ['decision', `TEXT NOT NULL DEFAULT 'activated' CHECK (decision IN ('activated', 'refused'))`],
      ['decision_reason', 'TEXT'],
      ['gate', 'TEXT'],
      ['activated_at', 'TEXT'],
    ];
    for (const [name, type] of columns) if (!hasColumn(db, 'conversion_models', name)) db.exec(`ALTER TABLE conversion_models ADD COLUMN ${name} ${type}`);
    db.exec(`
      UPDATE conversion_models SET decision_reason = 'trained before models were gated: every trained model went live',
        activated_at = trained_at WHERE decision_reason IS NULL;

      CREATE TABLE IF NOT EXISTS model_validation (
        model_id    INTEGER NOT NULL REFERENCES conversion_models(model_id) ON DELETE CASCADE,
        lead_id     TEXT NOT NULL,
        outcome     INTEGER NOT NULL CHECK (outcome IN (0, 1)),
        probability REAL NOT NULL,            -- out-of-fold: from a fold model that did not see this lead
        PRIMARY KEY (model_id, lead_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE IF NOT EXISTS model_events (
        event_id  INTEGER PRIMARY KEY,
        model_id  INTEGER REFERENCES conversion_models(model_id),  -- NULL: the rubric score became the basis
        event     TEXT NOT NULL CHECK (event IN ('activated', 'refused', 'rolled_back')),
        by        TEXT NOT NULL,
        at        TEXT NOT NULL,
        reason    TEXT NOT NULL
      ) STRICT;

      INSERT INTO model_events (model_id, event, by, at, reason)
        SELECT model_id, 'activated', COALESCE(trained_by, trigger), trained_at, decision_reason FROM conversion_models
        WHERE NOT EXISTS (SELECT 1 FROM model_events e WHERE e.model_id = conversion_models.model_id)
        ORDER BY model_id;
    `);
  },
};
