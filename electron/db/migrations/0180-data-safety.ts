import type { Migration } from '../migration';

/**
 * Backups, retention and erasure (issue 22): the schedule and the rules as one settings row, the
 * maintenance work as job rows written before it runs (a backup, a retention pass, the retrain an
 * erasure asks for), an erasure log that keeps no personal data, and which review-set files were
 * exported with which calls, so an erasure can name the sets that still hold the person.
 */
export const migration: Migration = {
  version: 180,
  name: 'data-safety',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS data_safety_settings (
        id                 INTEGER PRIMARY KEY CHECK (id = 1),
        backup_folder      TEXT,                -- null: beside the database, in backups/
        backup_every_hours INTEGER CHECK (backup_every_hours IS NULL OR backup_every_hours > 0), -- null: no schedule
        backup_keep        INTEGER NOT NULL DEFAULT 7 CHECK (backup_keep > 0),
        audio_days         INTEGER CHECK (audio_days IS NULL OR audio_days > 0),       -- null: keep audio
        transcript_days    INTEGER CHECK (transcript_days IS NULL OR transcript_days > 0) -- null: keep transcripts
      ) STRICT;
      INSERT OR IGNORE INTO data_safety_settings (id) VALUES (1);

      CREATE TABLE IF NOT EXISTS maintenance_jobs (
        job_id      INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('backup', 'retention', 'retrain')),
        trigger     TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule', 'erasure')),
        state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
        params      TEXT NOT NULL DEFAULT '{}',   -- JSON, e.g. the backup's target file
        result      TEXT,                         -- JSON report of what the job did
        error       TEXT,
        created_at  TEXT NOT NULL,
        started_at  TEXT,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX IF NOT EXISTS maintenance_jobs_kind ON maintenance_jobs(kind, job_id);

      -- subject_hash: sha256(salt || lead id), salt random per row: proves "this id was erased"
      -- to whoever holds the id, and tells nobody else anything.
      CREATE TABLE IF NOT EXISTS erasure_log (
        erasure_id   INTEGER PRIMARY KEY,
        subject_hash TEXT NOT NULL,
        salt         TEXT NOT NULL,
        counts       TEXT NOT NULL,               -- JSON {table or item: count}
        erased_at    TEXT NOT NULL
      ) STRICT;

      CREATE TABLE IF NOT EXISTS review_set_exports (
        path        TEXT NOT NULL,
        set_id      TEXT NOT NULL PRIMARY KEY,
        exported_at TEXT NOT NULL,
        call_ids    TEXT NOT NULL                 -- JSON array
      ) STRICT;
    `);
  },
};
