import type { Migration } from '../migration';

/** The agent of a lead's latest call: the one the queue shows, filters and sorts by. */
const LATEST_AGENT = (leadId: string): string =>
  `(SELECT c.agent FROM calls c WHERE c.lead_id = ${leadId} ORDER BY c.call_start_time DESC LIMIT 1)`;

/**
 * The queue reads every lead's latest agent on each build; looked up per lead through the calls
 * index that is 100k seeks, a fifth of the build. Kept on the lead row instead, by triggers on
 * calls, it is one more column of the same scan, whichever code path writes the calls (ingest,
 * import, sync, REST).
 */
export const migration: Migration = {
  version: 44,
  name: 'lead-last-agent',
  up(db) {
    const columns = db.prepare(`SELECT name FROM pragma_table_info('leads')`).pluck().all() as string[];
    if (!columns.includes('last_agent')) db.exec(`ALTER TABLE leads ADD COLUMN last_agent TEXT`);
    db.exec(`
      UPDATE leads SET last_agent = ${LATEST_AGENT('leads.lead_id')};
      CREATE TRIGGER IF NOT EXISTS lead_last_agent_insert AFTER INSERT ON calls WHEN new.lead_id IS NOT NULL
        BEGIN UPDATE leads SET last_agent = ${LATEST_AGENT('new.lead_id')} WHERE lead_id = new.lead_id; END;
      CREATE TRIGGER IF NOT EXISTS lead_last_agent_update AFTER UPDATE OF lead_id, agent, call_start_time ON calls
        BEGIN
          UPDATE leads SET last_agent = ${LATEST_AGENT('new.lead_id')} WHERE lead_id = new.lead_id;
          UPDATE leads SET last_agent = ${LATEST_AGENT('old.lead_id')} WHERE lead_id = old.lead_id AND old.lead_id IS NOT new.lead_id;
        END;
      CREATE TRIGGER IF NOT EXISTS lead_last_agent_delete AFTER DELETE ON calls WHEN old.lead_id IS NOT NULL
        BEGIN UPDATE leads SET last_agent = ${LATEST_AGENT('old.lead_id')} WHERE lead_id = old.lead_id; END;
    `);
  },
};
