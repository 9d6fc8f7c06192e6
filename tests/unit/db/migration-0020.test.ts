import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0020-sync';
import { dbAtVersion, upgradeTo } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0020 sync', () => {
  it('upgrades a version-10 database with calls: keeps them; connectors, items keyed by remote id and the wait log work; re-running is harmless', () => {
    const old = dbAtVersion(10, cleanups);
    old.prepare('INSERT INTO leads (lead_id, phone_number, created_at, updated_at) VALUES (?, ?, ?, ?)').run('L1', '+14155550100', T, T);
    old.prepare('INSERT INTO calls (call_id, lead_id, recording_path, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run('C1', 'L1', '/rec/a.wav', T, T);
    const before = old.prepare('SELECT * FROM calls').all();

    const db = upgradeTo(old, 20, cleanups);
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    expect(db.prepare('SELECT * FROM calls').all()).toEqual(before);
    migration.up(db);

    db.prepare(`INSERT INTO sync_connectors (connector) VALUES ('twilio')`).run();
    expect(db.prepare(`SELECT state, paused FROM sync_connectors`).get()).toEqual({ state: 'idle', paused: 0 });
    const item = db.prepare(
      `INSERT INTO sync_items (connector, remote_id, status, remote_json, call_id, first_seen_at, updated_at) VALUES ('twilio', 'CA1', ?, '{}', 'C1', ?, ?)`,
    );
    item.run('ingested', T, T);
    expect(() => item.run('ingested', T, T)).toThrow(/UNIQUE|PRIMARY/);
    expect(() =>
      db.prepare(`INSERT INTO sync_items (connector, remote_id, status, remote_json, first_seen_at, updated_at) VALUES ('twilio', 'CA2', 'bogus', '{}', ?, ?)`).run(T, T),
    ).toThrow(/CHECK/);
    // An item points at a call stored before the upgrade, and outlives it.
    db.prepare(`DELETE FROM calls WHERE call_id = 'C1'`).run();
    expect(db.prepare(`SELECT remote_id, call_id FROM sync_items`).all()).toEqual([{ remote_id: 'CA1', call_id: null }]);
    db.prepare(`INSERT INTO sync_waits (connector, run_at, reason, detail, wait_ms, at) VALUES ('twilio', ?, 'rate_limited', '429', 1000, ?)`).run(T, T);
    expect(db.prepare('SELECT COUNT(*) AS n FROM sync_waits').get()).toEqual({ n: 1 });
  });
});
