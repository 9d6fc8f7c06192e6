import type { Migration } from '../migration';

/**
 * The queue's index (columns, text codes) costs about a second of CPU to build from 100k leads, so
 * it is kept on disk between runs. To know whether a stored index is still right, the database
 * counts every change to what the index reads, in the same transaction as the change (a rolled
 * back write rolls the count back too). SQLite's data_version is per connection and does not
 * survive a restart; this count does. Writes the queue never reads (transcripts, job progress,
 * explanations) leave it alone, so they do not force a rebuild either.
 */
const BUMP = `UPDATE queue_data_version SET n = n + 1 WHERE id = 1;`;

/** Per table, the columns the queue index reads (lead-columns.ts, lead-text.ts, the rubric's bands). */
const WATCHED: Record<string, string[]> = {
  leads: [
    'lead_id',
    'first_name',
    'last_name',
    'phone_number',
    'campaign',
    'lead_score',
    'call_count',
    'last_called_at',
    'outcome',
    'attributes',
    'created_at',
  ],
  calls: ['lead_id', 'agent', 'call_start_time'],
  scores: ['call_id', 'kind', 'score'],
  lead_predictions: ['lead_id', 'probability'],
  rubrics: ['kind', 'definition', 'active'],
};

/** Of the scores, the queue reads only the lead kind (QA scores are written far more often). */
const ROW_FILTER: Record<string, { insert: string; delete: string; update: string }> = {
  scores: {
    insert: `new.kind = 'lead'`,
    delete: `old.kind = 'lead'`,
    update: `'lead' IN (old.kind, new.kind)`,
  },
};

export const migration: Migration = {
  version: 43,
  name: 'queue-data-version',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS queue_data_version (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        n        INTEGER NOT NULL,
        -- Tells this database from another recreated at the same path with as many changes.
        database TEXT NOT NULL
      ) STRICT;
      INSERT OR IGNORE INTO queue_data_version (id, n, database) VALUES (1, 0, lower(hex(randomblob(16))));
    `);
    for (const [table, columns] of Object.entries(WATCHED)) {
      const filter = ROW_FILTER[table];
      const changed = `(${columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')})`;
      const when = {
        insert: filter ? `WHEN ${filter.insert}` : '',
        delete: filter ? `WHEN ${filter.delete}` : '',
        update: `WHEN ${changed}${filter ? ` AND ${filter.update}` : ''}`,
      };
      for (const event of ['insert', 'delete', 'update'] as const)
        db.exec(
          `CREATE TRIGGER IF NOT EXISTS queue_version_${table}_${event} AFTER ${event.toUpperCase()} ON ${table} ${when[event]}
             BEGIN ${BUMP} END`,
        );
    }
  },
};
