import type { Migration } from '../migration';

/**
 * The queue sorts leads by name, as a person reads them (ignoring case). With the names kept in
 * that order by an index, the queue reads them already sorted instead of sorting 100k strings on
 * every start. The expression must stay exactly the one the queue's name query uses
 * (LEAD_NAME_ORDER_SQL in electron/queue/lead-text.ts; its test checks the plan).
 */
export const migration: Migration = {
  version: 42,
  name: 'lead-name-order',
  up(db) {
    db.exec(
      `CREATE INDEX IF NOT EXISTS leads_name_order
         ON leads (NULLIF(TRIM(COALESCE(first_name, '') || ' ' || COALESCE(last_name, '')), '') COLLATE NOCASE)`,
    );
  },
};
