import type { Migration } from '../migration';

/** Leads, calls, the recordings we have seen, ingest rejections and durable jobs. */
export const migration: Migration = {
  version: 1,
  name: 'core-schema',
  up(db) {
    db.exec(`
      CREATE TABLE leads (
        lead_id         TEXT PRIMARY KEY,
        first_name      TEXT,
        last_name       TEXT,
        company         TEXT,
        phone_number    TEXT UNIQUE,          -- E.164
        email           TEXT,
        lead_source     TEXT,
        campaign        TEXT,
        lead_score      REAL,
        call_count      INTEGER NOT NULL DEFAULT 0,
        last_called_at  TEXT,
        ai_sentiment    REAL,
        ai_keywords     TEXT,                 -- JSON array
        crm_lead_status TEXT,
        outcome         TEXT CHECK (outcome IN ('converted', 'lost') OR outcome IS NULL),
        attributes      TEXT NOT NULL DEFAULT '{}', -- JSON object of custom / CRM fields
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE calls (
        call_id          TEXT PRIMARY KEY,
        lead_id          TEXT REFERENCES leads(lead_id) ON DELETE SET NULL,
        external_id      TEXT UNIQUE,
        direction        TEXT CHECK (direction IN ('inbound', 'outbound') OR direction IS NULL),
        from_number      TEXT,
        to_number        TEXT,
        agent            TEXT,
        campaign         TEXT,
        call_start_time  TEXT,
        call_duration    REAL,
        recording_path   TEXT,
        recording_hash   TEXT UNIQUE,         -- sha256 of the file's bytes
        recording_size   INTEGER,
        codec            TEXT,
        sample_rate      INTEGER,
        channels         INTEGER,
        channel_map      TEXT,                -- JSON {"left": "agent", "right": "customer"}
        transcript       TEXT,                -- JSON Transcript
        transcript_text  TEXT,
        sentiment_score  REAL,
        keywords         TEXT,                -- JSON array
        features         TEXT,                -- JSON CallFeatures
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX calls_lead ON calls(lead_id, call_start_time);

      -- Every path we looked at, so a re-scan skips unchanged files without re-hashing them.
      CREATE TABLE recording_files (
        path        TEXT PRIMARY KEY,
        size        INTEGER NOT NULL,
        mtime_ms    INTEGER NOT NULL,
        hash        TEXT,
        call_id     TEXT REFERENCES calls(call_id) ON DELETE SET NULL,
        seen_at     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX recording_files_hash ON recording_files(hash);

      -- Files that could not become a call, with the reason a person can act on.
      CREATE TABLE ingest_rejections (
        path        TEXT PRIMARY KEY,
        size        INTEGER,
        mtime_ms    INTEGER,
        reason      TEXT NOT NULL,
        rejected_at TEXT NOT NULL
      ) STRICT;

      -- One job per call walks the stages; a stage's output and the job's advance commit together.
      CREATE TABLE jobs (
        job_id        INTEGER PRIMARY KEY,
        call_id       TEXT NOT NULL UNIQUE REFERENCES calls(call_id) ON DELETE CASCADE,
        stage         TEXT NOT NULL CHECK (stage IN ('transcribe', 'analyse', 'score', 'done')),
        state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled', 'paused')),
        attempts      INTEGER NOT NULL DEFAULT 0,
        max_attempts  INTEGER NOT NULL DEFAULT 3,
        run_after     INTEGER NOT NULL DEFAULT 0,   -- epoch ms, for backoff
        lease_owner   TEXT,
        lease_until   INTEGER,
        progress      REAL NOT NULL DEFAULT 0,
        last_error    TEXT,
        failed_stage  TEXT,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        finished_at   TEXT
      ) STRICT;
      CREATE INDEX jobs_claim ON jobs(state, run_after, job_id);
    `);
  },
};
