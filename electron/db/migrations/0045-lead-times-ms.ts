import type { Migration } from '../migration';

/** SQLite's julianday as epoch milliseconds (the queue's msOf at the time of this migration). */
const ms = (expr: string): string => `(julianday(${expr}) - 2440587.5) * 86400000.0`;

/** The three times the queue ranks by, as epoch milliseconds of one lead row `r` (new or leads). */
const TIMES = (r: string): string => `
  created_ms = ${ms(`${r}.created_at`)},
  last_called_ms = ${ms(`${r}.last_called_at`)},
  callback_ms = CASE WHEN json_valid(${r}.attributes) AND instr(${r}.attributes, 'callback_at') > 0
                     THEN ${ms(`json_extract(${r}.attributes, '$.callback_at')`)} END`;

/**
 * Every queue build read the lead's dates as text and parsed them (julianday), and looked for a
 * callback time inside the attributes JSON, for each of 100k rows: about 40% of the build's SQL.
 * Kept on the row as numbers by triggers whenever those columns change, the build reads numbers.
 * Invalid attributes JSON leaves callback_ms empty rather than failing the write.
 */
export const migration: Migration = {
  version: 45,
  name: 'lead-times-ms',
  up(db) {
    const columns = db.prepare(`SELECT name FROM pragma_table_info('leads')`).pluck().all() as string[];
    for (const column of ['created_ms', 'last_called_ms', 'callback_ms'])
      if (!columns.includes(column)) db.exec(`ALTER TABLE leads ADD COLUMN ${column} REAL`);
    db.exec(`
      UPDATE leads SET ${TIMES('leads')};
      CREATE TRIGGER IF NOT EXISTS lead_times_ms_insert AFTER INSERT ON leads
        BEGIN UPDATE leads SET ${TIMES('new')} WHERE rowid = new.rowid; END;
      CREATE TRIGGER IF NOT EXISTS lead_times_ms_update AFTER UPDATE OF created_at, last_called_at, attributes ON leads
        BEGIN UPDATE leads SET ${TIMES('new')} WHERE rowid = new.rowid; END;
    `);
  },
};
