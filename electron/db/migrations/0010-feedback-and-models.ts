import type { Migration } from '../migration';

/**
 * Supervisor score overrides (the AI's score stays in `scores`), trained conversion models with their
 * metrics, and the latest prediction per lead. IF NOT EXISTS because scoring code may have created
 * these tables on a database that predates this migration's registration.
 */
export const migration: Migration = {
  version: 10,
  name: 'feedback-and-models',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS score_overrides (
        override_id   INTEGER PRIMARY KEY,
        call_id       TEXT NOT NULL REFERENCES calls(call_id) ON DELETE CASCADE,
        kind          TEXT NOT NULL CHECK (kind IN ('lead', 'qa')),
        ai_score      REAL,                   -- what the rubric said when the override was made
        old_score     REAL,                   -- the effective score before (AI or an earlier override)
        new_score     REAL NOT NULL CHECK (new_score BETWEEN 0 AND 100),
        reason        TEXT,
        overridden_by TEXT NOT NULL,
        overridden_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS score_overrides_call ON score_overrides(call_id, kind, override_id);

      CREATE TABLE IF NOT EXISTS conversion_models (
        model_id        INTEGER PRIMARY KEY,
        algorithm       TEXT NOT NULL,        -- 'gbdt' | 'logistic'
        trigger         TEXT NOT NULL CHECK (trigger IN ('manual', 'auto')),
        trained_by      TEXT,
        trained_at      TEXT NOT NULL,
        rows            INTEGER NOT NULL,
        positives       INTEGER NOT NULL,
        last_outcome_id INTEGER,              -- newest outcomes row it saw, to know when to retrain
        metrics         TEXT NOT NULL,        -- JSON cross-validation report
        definition      TEXT NOT NULL,        -- JSON serialised model + encoder
        warnings        TEXT NOT NULL DEFAULT '[]',
        active          INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
      ) STRICT;
      CREATE UNIQUE INDEX IF NOT EXISTS conversion_models_one_active ON conversion_models(active) WHERE active = 1;

      CREATE TABLE IF NOT EXISTS lead_predictions (
        lead_id      TEXT PRIMARY KEY REFERENCES leads(lead_id) ON DELETE CASCADE,
        model_id     INTEGER NOT NULL REFERENCES conversion_models(model_id) ON DELETE CASCADE,
        probability  REAL NOT NULL,
        reasons      TEXT NOT NULL,           -- JSON [{feature, value, contribution}]
        predicted_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS lead_predictions_probability ON lead_predictions(probability DESC);
    `);
  },
};
