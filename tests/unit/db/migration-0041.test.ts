import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0041-sync-options';
import { dbAtVersion, upgradeTo } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('migration 0041 sync-options', () => {
  it('upgrades a version-40 database with connectors: each gets an empty options object and keeps its schedule and state; can run twice', () => {
    const old = dbAtVersion(40, cleanups);
    old.prepare(`INSERT INTO sync_connectors (connector, schedule_minutes, cursor, state) VALUES ('twilio', 15, '2026-10-01T00:00:00Z', 'error')`).run();
    old.prepare(`INSERT INTO sync_connectors (connector, paused) VALUES ('csv', 1)`).run();

    const db = upgradeTo(old, 41, cleanups);
    expect(db.pragma('user_version', { simple: true })).toBe(41);
    migration.up(db);
    expect(db.prepare('SELECT connector, schedule_minutes, cursor, state, paused, options FROM sync_connectors ORDER BY connector').all()).toEqual([
      { connector: 'csv', schedule_minutes: null, cursor: null, state: 'idle', paused: 1, options: '{}' },
      { connector: 'twilio', schedule_minutes: 15, cursor: '2026-10-01T00:00:00Z', state: 'error', paused: 0, options: '{}' },
    ]);
    db.prepare(`UPDATE sync_connectors SET options = ? WHERE connector = 'twilio'`).run(JSON.stringify({ baseUrl: 'http://127.0.0.1:1' }));
    expect(db.prepare(`SELECT options FROM sync_connectors WHERE connector = 'twilio'`).pluck().get()).toBe('{"baseUrl":"http://127.0.0.1:1"}');
    expect(() => db.prepare(`UPDATE sync_connectors SET options = NULL`).run()).toThrow(/NOT NULL/);
  });
});
