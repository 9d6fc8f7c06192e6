import type { Migration } from '../migration';

/** SQLite's julianday as epoch milliseconds, as migration 0045 computes it. */
const ms = (expr: string): string => `(julianday(${expr}) - 2440587.5) * 86400000.0`;

/**
 * The queue's callback time of one lead row `r`: a callback_at the CRM or a person set wins (it
 * was decided, not inferred); else the start of the window the caller asked for on a call.
 */
const CALLBACK_MS = (r: string): string => `
  callback_ms = COALESCE(
    CASE WHEN json_valid(${r}.attributes) AND instr(${r}.attributes, 'callback_at') > 0
         THEN ${ms(`json_extract(${r}.attributes, '$.callback_at')`)} END,
    ${r}.spoken_callback_start_ms)`;

/**
 * Times said on calls (analysis/spoken-times.ts): every one kept per call with its quote, and on
 * the lead the callback window its latest call asked for. The queue ranks by callback_ms, which
 * now also takes the spoken window's start; the triggers of 0045 are recreated to say so.
 */
export const migration: Migration = {
  version: 190,
  name: 'spoken-times',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS spoken_times (
        call_id      TEXT NOT NULL REFERENCES calls(call_id) ON DELETE CASCADE,
        seq          INTEGER NOT NULL,          -- order said on the call
        kind         TEXT NOT NULL CHECK (kind IN ('callback', 'appointment', 'mentioned')),
        start_at     TEXT NOT NULL,             -- ISO 8601 with the caller's offset
        end_at       TEXT NOT NULL,
        start_ms     REAL NOT NULL,
        end_ms       REAL NOT NULL,
        time_zone    TEXT NOT NULL,
        zone_assumed INTEGER NOT NULL,          -- 1: the number gave no zone, the fallback was used
        expression   TEXT NOT NULL,
        quote        TEXT NOT NULL,
        speaker      TEXT NOT NULL,
        said_at      REAL NOT NULL,             -- seconds into the call
        PRIMARY KEY (call_id, seq)
      ) STRICT;
    `);
    const columns = db.prepare(`SELECT name FROM pragma_table_info('leads')`).pluck().all() as string[];
    for (const [column, type] of [
      ['spoken_callback_call_id', 'TEXT'],
      ['spoken_callback_seq', 'INTEGER'],
      ['spoken_callback_start_ms', 'REAL'],
      ['spoken_callback_end_ms', 'REAL'],
    ] as const)
      if (!columns.includes(column)) db.exec(`ALTER TABLE leads ADD COLUMN ${column} ${type}`);
    db.exec(`
      DROP TRIGGER IF EXISTS lead_times_ms_insert;
      DROP TRIGGER IF EXISTS lead_times_ms_update;
      DROP TRIGGER IF EXISTS lead_spoken_callback_ms;
      CREATE TRIGGER lead_times_ms_insert AFTER INSERT ON leads
        BEGIN UPDATE leads SET
          created_ms = ${ms('new.created_at')}, last_called_ms = ${ms('new.last_called_at')}, ${CALLBACK_MS('new')}
        WHERE rowid = new.rowid; END;
      CREATE TRIGGER lead_times_ms_update AFTER UPDATE OF created_at, last_called_at, attributes ON leads
        BEGIN UPDATE leads SET
          created_ms = ${ms('new.created_at')}, last_called_ms = ${ms('new.last_called_at')}, ${CALLBACK_MS('new')}
        WHERE rowid = new.rowid; END;
      CREATE TRIGGER lead_spoken_callback_ms AFTER UPDATE OF spoken_callback_start_ms ON leads
        WHEN old.spoken_callback_start_ms IS NOT new.spoken_callback_start_ms
        BEGIN
          UPDATE leads SET ${CALLBACK_MS('new')} WHERE rowid = new.rowid;
          UPDATE queue_data_version SET n = n + 1 WHERE id = 1;
        END;
    `);
  },
};
