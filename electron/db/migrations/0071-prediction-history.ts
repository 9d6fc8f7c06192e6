import type { Migration } from '../migration';

/**
 * Every prediction a lead got is kept, with the model and the rubric version of the score it
 * read, so "why did this lead move" has an answer. lead_predictions stays the latest per lead
 * (what the queue reads); this table only grows (updates are refused; a deleted lead takes its
 * history with it). Predictions made before it existed are carried over as its first rows.
 */
export const migration: Migration = {
  version: 71,
  name: 'prediction-history',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS lead_prediction_history (
        prediction_id INTEGER PRIMARY KEY,
        lead_id       TEXT NOT NULL REFERENCES leads(lead_id) ON DELETE CASCADE,
        model_id      INTEGER NOT NULL REFERENCES conversion_models(model_id),
        rubric_id     INTEGER,                -- lead rubric version behind the score the model read
        lead_score    REAL,                   -- that score
        probability   REAL NOT NULL,
        reasons       TEXT NOT NULL,          -- JSON [{feature, value, contribution, kind?}]
        predicted_at  TEXT NOT NULL,
        cause         TEXT NOT NULL           -- why it was predicted: a new model, a rollback, the lead changed
      ) STRICT;
      CREATE INDEX IF NOT EXISTS lead_prediction_history_lead ON lead_prediction_history (lead_id, prediction_id);
      CREATE TRIGGER IF NOT EXISTS lead_prediction_history_append_only BEFORE UPDATE ON lead_prediction_history
        BEGIN SELECT RAISE(ABORT, 'lead_prediction_history is append-only'); END;

      INSERT INTO lead_prediction_history (lead_id, model_id, probability, reasons, predicted_at, cause)
        SELECT p.lead_id, p.model_id, p.probability, p.reasons, p.predicted_at, 'kept from before prediction history'
        FROM lead_predictions p
        WHERE NOT EXISTS (SELECT 1 FROM lead_prediction_history h WHERE h.lead_id = p.lead_id)
        ORDER BY p.predicted_at, p.lead_id;
    `);
  },
};
