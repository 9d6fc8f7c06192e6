import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0170-connector-runs';
import { dbAtVersion } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0170 connector-runs', () => {
  it('adds connector runs beside the connectors a database already holds, one open run per connector and action', () => {
    const db = dbAtVersion(90, cleanups);
    db.prepare(`INSERT INTO sync_connectors (connector, schedule_minutes, last_error, options) VALUES ('twilio', 15, 'HTTP 401', '{"baseUrl":"http://127.0.0.1:1"}')`).run();
    db.prepare(`INSERT INTO sync_items (connector, remote_id, status, remote_json, first_seen_at, updated_at) VALUES ('twilio', 'CA1', 'failed', '{}', ?, ?)`).run(T, T);

    migration.up(db);
    migration.up(db);

    expect(db.prepare('SELECT connector, schedule_minutes, last_error, options FROM sync_connectors').all()).toEqual([
      { connector: 'twilio', schedule_minutes: 15, last_error: 'HTTP 401', options: '{"baseUrl":"http://127.0.0.1:1"}' },
    ]);
    expect(db.prepare('SELECT COUNT(*) FROM sync_items').pluck().get()).toBe(1);
    const add = db.prepare(`INSERT INTO connector_runs (connector, action, trigger, state, due_ms, created_at) VALUES (?, ?, 'now', ?, 0, ?)`);
    add.run('hubspot', 'push', 'queued', T);
    add.run('hubspot', 'pull', 'queued', T);
    expect(() => add.run('hubspot', 'push', 'running', T)).toThrow(/UNIQUE/);
    add.run('hubspot', 'push', 'done', T);
    expect(() => add.run('hubspot', 'delete', 'queued', T)).toThrow(/CHECK/);
    expect(db.prepare('SELECT COUNT(*) FROM connector_runs').pluck().get()).toBe(3);
  });
});
