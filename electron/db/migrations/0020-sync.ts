import type { Migration } from '../migration';

/**
 * Telephony and CSV connectors: their state and cursor, every remote call they have seen
 * (keyed by the remote id, which makes a re-sync idempotent), and a log of every wait a
 * connector sat through, so the user can be told why a sync was slow.
 */
export const migration: Migration = {
  version: 20,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS sync_connectors (
        connector        TEXT PRIMARY KEY,          -- 'twilio', 'csv'
        paused           INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        cursor           TEXT,                      -- connector-specific, e.g. the newest call start synced
        state            TEXT NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'running', 'error')),
        last_started_at  TEXT,
        last_finished_at TEXT,
        last_error       TEXT,
        last_summary     TEXT,                      -- JSON of the last run's counts and waits
        schedule_minutes INTEGER                    -- null: only "Sync now"
      ) STRICT;

      CREATE TABLE IF NOT EXISTS sync_items (
        connector     TEXT NOT NULL,
        remote_id     TEXT NOT NULL,                -- Twilio CallSid, CSV call id
        status        TEXT NOT NULL CHECK (status IN ('pending', 'no_recording', 'ingested', 'failed')),
        remote_json   TEXT NOT NULL,                -- the call as the remote system described it
        recording_id  TEXT,
        file_path     TEXT,
        call_id       TEXT REFERENCES calls(call_id) ON DELETE SET NULL,
        attempts      INTEGER NOT NULL DEFAULT 0,
        error         TEXT,
        first_seen_at TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (connector, remote_id)
      ) STRICT;
      CREATE INDEX IF NOT EXISTS sync_items_status ON sync_items(connector, status);

      CREATE TABLE IF NOT EXISTS sync_waits (
        wait_id    INTEGER PRIMARY KEY,
        connector  TEXT NOT NULL,
        run_at     TEXT NOT NULL,                   -- last_started_at of the run it belongs to
        reason     TEXT NOT NULL,                   -- 'rate_limited', 'server_error', 'timeout', 'network'
        detail     TEXT NOT NULL,
        wait_ms    INTEGER NOT NULL,
        at         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS sync_waits_run ON sync_waits(connector, run_at);
    `);
  },
};
