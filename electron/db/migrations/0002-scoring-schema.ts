import type { Migration } from '../migration';

/** Versioned rubrics, the scores they gave, manual QA reviews and recorded outcomes. */
export const migration: Migration = {
  version: 2,
  name: 'scoring-schema',
  up(db) {
    db.exec(`
      -- A rubric version is immutable once written; editing makes a new version.
      CREATE TABLE rubrics (
        rubric_id   INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('lead', 'qa')),
        version     INTEGER NOT NULL,
        name        TEXT NOT NULL,
        definition  TEXT NOT NULL,            -- JSON Rubric
        active      INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
        created_by  TEXT,
        created_at  TEXT NOT NULL,
        UNIQUE (kind, version)
      ) STRICT;
      CREATE UNIQUE INDEX rubrics_one_active ON rubrics(kind) WHERE active = 1;

      CREATE TABLE scores (
        call_id     TEXT NOT NULL REFERENCES calls(call_id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('lead', 'qa')),
        rubric_id   INTEGER NOT NULL REFERENCES rubrics(rubric_id),
        score       REAL NOT NULL,
        band        TEXT NOT NULL,
        qualified   INTEGER NOT NULL CHECK (qualified IN (0, 1)),
        breakdown   TEXT NOT NULL,            -- JSON per-criterion points + evidence
        scored_at   TEXT NOT NULL,
        PRIMARY KEY (call_id, kind)
      ) STRICT;
      CREATE INDEX scores_kind_score ON scores(kind, score DESC);

      -- A reviewer's manual QA of a call; review_uuid makes offline review sets mergeable.
      CREATE TABLE manual_reviews (
        review_uuid      TEXT PRIMARY KEY,
        call_id          TEXT NOT NULL REFERENCES calls(call_id) ON DELETE CASCADE,
        reviewer         TEXT NOT NULL,
        rubric_id        INTEGER REFERENCES rubrics(rubric_id),
        criterion_scores TEXT NOT NULL DEFAULT '{}', -- JSON {criterion_id: points}
        total_score      REAL,
        notes            TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX manual_reviews_call ON manual_reviews(call_id);

      -- The history of outcomes per lead; leads.outcome holds the latest.
      CREATE TABLE outcomes (
        outcome_id   INTEGER PRIMARY KEY,
        lead_id      TEXT NOT NULL REFERENCES leads(lead_id) ON DELETE CASCADE,
        old_value    TEXT,
        new_value    TEXT CHECK (new_value IN ('converted', 'lost') OR new_value IS NULL),
        value_amount REAL,
        recorded_by  TEXT NOT NULL,
        reason       TEXT,
        source       TEXT NOT NULL DEFAULT 'manual',
        recorded_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX outcomes_lead ON outcomes(lead_id, recorded_at);
    `);
  },
};
