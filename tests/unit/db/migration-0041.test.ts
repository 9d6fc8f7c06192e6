import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { migration } from '../../../electron/db/migrations/0041-sync-options';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('migration 0041 sync-options', () => {
  it('gives every connector an options object, keeps existing rows, and can run twice', () => {
    const tmp = tempDir('cr-m41-');
    cleanups.push(tmp.cleanup);
    const db = openDatabase(join(tmp.path, 'x.db'));
    cleanups.unshift(() => db.close());
    migration.up(db);
    db.prepare(`INSERT INTO sync_connectors (connector, schedule_minutes) VALUES ('twilio', 15)`).run();
    db.prepare(`UPDATE sync_connectors SET options = ? WHERE connector = 'twilio'`).run(JSON.stringify({ baseUrl: 'http://127.0.0.1:1' }));
    db.prepare(`INSERT INTO sync_connectors (connector) VALUES ('csv')`).run();
    expect(db.prepare('SELECT connector, schedule_minutes, options FROM sync_connectors ORDER BY connector').all()).toEqual([
      { connector: 'csv', schedule_minutes: null, options: '{}' },
      { connector: 'twilio', schedule_minutes: 15, options: '{"baseUrl":"http://127.0.0.1:1"}' },
    ]);
    expect(() => db.prepare(`UPDATE sync_connectors SET options = NULL`).run()).toThrow(/NOT NULL/);
  });
});
