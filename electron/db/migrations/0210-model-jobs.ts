import type { Migration } from '../migration';

/**
 * Background work on the conversion model (a retrain after outcomes arrived) as rows before it
 * runs, so the Jobs view shows it queued, running, done or failed with its result. Outcomes arriving
 * close together fold into the one queued row (requests counts them, run_after_ms moves later): a
 * debounce that survives a restart. At most one queued row per kind (partial unique index).
 */
export const migration: Migration = {
  version: 210,
  name: 'model-jobs',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS model_jobs (
        job_id        INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('retrain')),
        state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
        cause         TEXT NOT NULL,             -- the latest request: which outcome, through which door, by whom
        requests      INTEGER NOT NULL DEFAULT 1, -- requests folded into this run
        requested_at  TEXT NOT NULL,             -- the first request
        run_after_ms  INTEGER NOT NULL,          -- not before (epoch ms): the debounce
        started_at    TEXT,
        finished_at   TEXT,
        lease_owner   TEXT,
        lease_until   INTEGER,
        model_id      INTEGER,                   -- the model the run stored, if it trained one
        result        TEXT                       -- activated / refused / cold start / nothing new, with the reason; or the error
      ) STRICT;
      CREATE UNIQUE INDEX IF NOT EXISTS model_jobs_one_queued ON model_jobs (kind) WHERE state = 'queued';
      CREATE INDEX IF NOT EXISTS model_jobs_state ON model_jobs (state, run_after_ms);
    `);
  },
};
