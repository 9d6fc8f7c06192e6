import type { Migration } from '../migration';

/**
 * A connector's scheduled runs need what a user would otherwise type, e.g. Twilio's base URL
 * (another region's edge, or a test server): kept as JSON beside the schedule.
 */
export const migration: Migration = {
  version: 41,
  name: 'sync-options',
  up(db) {
    const has = (db.prepare(`SELECT 1 FROM pragma_table_info('sync_connectors') WHERE name = 'options'`).get() as unknown) !== undefined;
    if (!has) db.exec(`ALTER TABLE sync_connectors ADD COLUMN options TEXT NOT NULL DEFAULT '{}'`);
  },
};
