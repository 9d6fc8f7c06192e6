import type { Migration } from '../migration';

/**
 * Connector runs as rows before they run: a Twilio sync, a CRM push or a CRM pull is queued
 * (by "Sync now" or by its schedule, with the time it is due), claimed under a lease like a
 * call's job, and kept with its outcome, so a kill mid-run loses nothing and Settings can show
 * what ran, what failed and what comes next. At most one queued or running row per connector
 * and action: asking twice while one waits is the same request.
 */
export const migration: Migration = {
  version: 170,
  name: 'connector-runs',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS connector_runs (
        run_id      INTEGER PRIMARY KEY,
        connector   TEXT NOT NULL,                 -- 'twilio', 'hubspot', 'salesforce', 'pipedrive'
        action      TEXT NOT NULL CHECK (action IN ('sync', 'push', 'pull')),
        trigger     TEXT NOT NULL CHECK (trigger IN ('schedule', 'now')),
        state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        due_ms      INTEGER NOT NULL,              -- not run before this time (epoch ms)
        lease_owner TEXT,
        lease_until INTEGER,
        created_at  TEXT NOT NULL,
        started_at  TEXT,
        finished_at TEXT,
        error       TEXT,                          -- why the run failed, or how many items did
        summary     TEXT                           -- JSON: the run's counts and failed items
      ) STRICT;
      CREATE UNIQUE INDEX IF NOT EXISTS connector_runs_one_open
        ON connector_runs(connector, action) WHERE state IN ('queued', 'running');
      CREATE INDEX IF NOT EXISTS connector_runs_due ON connector_runs(state, due_ms);
      CREATE INDEX IF NOT EXISTS connector_runs_latest ON connector_runs(connector, action, run_id);
    `);
  },
};
