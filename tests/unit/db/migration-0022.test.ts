import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { migration } from '../../../electron/db/migrations/0022-crm-push';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('migration 0022 crm-push', () => {
  it('keeps one push state per vendor and lead, checks vendors and outcomes, and can run twice', () => {
    const tmp = tempDir('cr-m22-');
    cleanups.push(tmp.cleanup);
    const db = openDatabase(join(tmp.path, 'x.db'));
    cleanups.unshift(() => db.close());
    migration.up(db);
    const now = new Date().toISOString();
    db.prepare('INSERT INTO leads (lead_id, created_at, updated_at) VALUES (?, ?, ?)').run('L1', now, now);
    const st = db.prepare(`INSERT INTO crm_push_state (vendor, lead_id, fields, pushed_at) VALUES (?, 'L1', '{}', ?)`);
    st.run('hubspot', now);
    expect(() => st.run('hubspot', now)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => st.run('zoho', now)).toThrow(/CHECK/);
    expect(() =>
      db.prepare(`INSERT INTO crm_push_log (run_id, vendor, dry_run, lead_id, match_key, fields, outcome, at) VALUES ('r', 'hubspot', 0, 'L1', 'k', '{}', 'maybe', ?)`).run(now),
    ).toThrow(/CHECK/);
    db.prepare(`DELETE FROM leads`).run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM crm_push_state').get()).toEqual({ n: 0 });
  });
});
