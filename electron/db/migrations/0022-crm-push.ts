import type { Migration } from '../migration';

/**
 * What was last written to each CRM record (so a push sends only what changed, and a dry run
 * can list exactly that), and a log of every push, dry runs included.
 */
export const migration: Migration = {
  version: 22,
  name: 'crm-push',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS crm_push_state (
        vendor      TEXT NOT NULL CHECK (vendor IN ('hubspot', 'salesforce', 'pipedrive')),
        lead_id     TEXT NOT NULL REFERENCES leads(lead_id) ON DELETE CASCADE,
        remote_id   TEXT,
        fields      TEXT NOT NULL,               -- JSON of the values last written
        pushed_at   TEXT NOT NULL,
        PRIMARY KEY (vendor, lead_id)
      ) STRICT;

      CREATE TABLE IF NOT EXISTS crm_push_log (
        log_id      INTEGER PRIMARY KEY,
        run_id      TEXT NOT NULL,
        vendor      TEXT NOT NULL,
        dry_run     INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
        lead_id     TEXT NOT NULL,
        match_key   TEXT NOT NULL,               -- e.g. email:ann@x.com
        remote_id   TEXT,
        fields      TEXT NOT NULL,               -- JSON of the values written (or to be written)
        outcome     TEXT NOT NULL CHECK (outcome IN ('planned', 'written', 'failed', 'skipped')),
        error       TEXT,
        at          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS crm_push_log_run ON crm_push_log(run_id);
    `);
  },
};
