import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { migration } from '../../../electron/db/migrations/0020-sync';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('migration 0020 sync', () => {
  it('creates connectors, items keyed by remote id, and the wait log; re-running is harmless', () => {
    const tmp = tempDir('cr-m20-');
    cleanups.push(tmp.cleanup);
    const db = openDatabase(join(tmp.path, 'x.db'));
    cleanups.unshift(() => db.close());
    migration.up(db);
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO sync_connectors (connector) VALUES ('twilio')`).run();
    expect(db.prepare(`SELECT state, paused FROM sync_connectors`).get()).toEqual({ state: 'idle', paused: 0 });
    const item = db.prepare(
      `INSERT INTO sync_items (connector, remote_id, status, remote_json, first_seen_at, updated_at) VALUES ('twilio', 'CA1', ?, '{}', ?, ?)`,
    );
    item.run('pending', now, now);
    expect(() => item.run('pending', now, now)).toThrow(/UNIQUE|PRIMARY/);
    expect(() =>
      db.prepare(`INSERT INTO sync_items (connector, remote_id, status, remote_json, first_seen_at, updated_at) VALUES ('twilio', 'CA2', 'bogus', '{}', ?, ?)`).run(now, now),
    ).toThrow(/CHECK/);
    db.prepare(`INSERT INTO sync_waits (connector, run_at, reason, detail, wait_ms, at) VALUES ('twilio', ?, 'rate_limited', '429', 1000, ?)`).run(now, now);
    expect(db.prepare('SELECT COUNT(*) AS n FROM sync_waits').get()).toEqual({ n: 1 });
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(20);
  });
});
