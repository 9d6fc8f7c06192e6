import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { migration } from '../../../electron/db/migrations/0042-lead-name-order';
import { LEAD_NAME_ORDER_SQL } from '../../../electron/queue/lead-text';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('migration 0042 lead-name-order', () => {
  it('indexes lead names ignoring case; the queue reads them through it; it keeps rows and can run twice', () => {
    const tmp = tempDir('cr-m42-');
    cleanups.push(tmp.cleanup);
    const db = openDatabase(join(tmp.path, 'x.db'), { targetVersion: 41 });
    cleanups.unshift(() => db.close());
    const insert = db.prepare(
      `INSERT INTO leads (lead_id, first_name, last_name, created_at, updated_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    );
    for (const [id, first, last] of [
      ['L1', 'bob', 'Stone'],
      ['L2', 'Alice', null],
      ['L3', null, null],
      ['L4', 'Bob', 'stone'],
      ['L5', 'carla', 'Diaz'],
      ['L6', '  ', ''],
      ['L7', '!', null],
    ] as const)
      insert.run(id, first, last);
    migration.up(db);
    migration.up(db);
    expect(db.prepare(`SELECT count(*) FROM leads`).pluck().get()).toBe(7);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${LEAD_NAME_ORDER_SQL}`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING COVERING INDEX leads_name_order/);
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
    const names = (db.prepare(LEAD_NAME_ORDER_SQL).raw().all() as [number, string][]).map(([, n]) => n);
    expect(names.map((n) => n.toLowerCase())).toEqual(['!', 'alice', 'bob stone', 'bob stone', 'carla diaz']);
  });
});
