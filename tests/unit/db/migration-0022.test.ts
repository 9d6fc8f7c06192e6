import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0022-crm-push';
import { dbAtVersion, upgradeTo } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0022 crm-push', () => {
  it('upgrades a version-21 database with leads: keeps them; one push state per vendor and lead, vendors and outcomes checked; can run twice', () => {
    const old = dbAtVersion(21, cleanups);
    const lead = old.prepare('INSERT INTO leads (lead_id, email, created_at, updated_at) VALUES (?, ?, ?, ?)');
    lead.run('L1', 'ann@example.com', T, T);
    lead.run('L2', 'bo@example.com', T, T);
    const before = old.prepare('SELECT * FROM leads ORDER BY lead_id').all();

    const db = upgradeTo(old, 22, cleanups);
    expect(db.pragma('user_version', { simple: true })).toBe(22);
    expect(db.prepare('SELECT * FROM leads ORDER BY lead_id').all()).toEqual(before);
    migration.up(db);

    const st = db.prepare(`INSERT INTO crm_push_state (vendor, lead_id, fields, pushed_at) VALUES (?, ?, '{}', ?)`);
    st.run('hubspot', 'L1', T);
    st.run('salesforce', 'L1', T);
    st.run('hubspot', 'L2', T);
    expect(() => st.run('hubspot', 'L1', T)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => st.run('zoho', 'L1', T)).toThrow(/CHECK/);
    expect(() => st.run('pipedrive', 'L-none', T)).toThrow(/FOREIGN KEY/);
    expect(() =>
      db.prepare(`INSERT INTO crm_push_log (run_id, vendor, dry_run, lead_id, match_key, fields, outcome, at) VALUES ('r', 'hubspot', 0, 'L1', 'k', '{}', 'maybe', ?)`).run(T),
    ).toThrow(/CHECK/);
    db.prepare(`DELETE FROM leads WHERE lead_id = 'L1'`).run();
    expect(db.prepare('SELECT vendor, lead_id FROM crm_push_state').all()).toEqual([{ vendor: 'hubspot', lead_id: 'L2' }]);
  });
});
