import type { Migration } from '../migration';

/**
 * An append-only log of every finished stage attempt. A 'done' row commits in the same
 * transaction as the stage's output, so it counts exactly the results that landed.
 */
export const migration: Migration = {
  version: 3,
  name: 'job-runs',
  up(db) {
    db.exec(`
      CREATE TABLE job_runs (
        run_id      INTEGER PRIMARY KEY,
        job_id      INTEGER NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
        call_id     TEXT NOT NULL,
        stage       TEXT NOT NULL,
        outcome     TEXT NOT NULL CHECK (outcome IN ('done', 'failed')),
        error       TEXT,
        finished_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX job_runs_job ON job_runs(job_id, stage);
    `);
  },
};
