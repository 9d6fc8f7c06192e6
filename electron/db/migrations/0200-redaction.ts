import type { Migration } from '../migration';

/**
 * Redaction at rest: which kinds are removed before a transcript or recording is stored (one row;
 * cards, SSNs and bank accounts on from the start, emails and street addresses a user's choice),
 * and the back-fill runs that apply it to what was stored before (jobs are rows before they run).
 * A database that already holds transcripts gets a queued run: its stored numbers go at next start.
 */
export const migration: Migration = {
  version: 200,
  name: 'redaction',
  up(db) {
    db.exec(`
      CREATE TABLE redaction_settings (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        card         INTEGER NOT NULL CHECK (card IN (0, 1)),
        ssn          INTEGER NOT NULL CHECK (ssn IN (0, 1)),
        bank_account INTEGER NOT NULL CHECK (bank_account IN (0, 1)),
        email        INTEGER NOT NULL CHECK (email IN (0, 1)),
        address      INTEGER NOT NULL CHECK (address IN (0, 1)),
        updated_at   TEXT NOT NULL
      ) STRICT;
      INSERT INTO redaction_settings (id, card, ssn, bank_account, email, address, updated_at)
        VALUES (1, 1, 1, 1, 0, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

      CREATE TABLE redaction_runs (
        run_id       INTEGER PRIMARY KEY,
        state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
        total        INTEGER NOT NULL DEFAULT 0,
        done         INTEGER NOT NULL DEFAULT 0,
        redacted     INTEGER NOT NULL DEFAULT 0,
        -- The calls' rowids are walked in order: a run cut short resumes after the last one it wrote.
        after_rowid  INTEGER NOT NULL DEFAULT 0,
        last_error   TEXT,
        created_at   TEXT NOT NULL,
        finished_at  TEXT
      ) STRICT;
      INSERT INTO redaction_runs (state, total, created_at)
        SELECT 'queued', COUNT(*), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM calls WHERE transcript IS NOT NULL
        HAVING COUNT(*) > 0;
    `);
  },
};
