import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0190-spoken-times';
import { dbAtVersion } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0190 spoken-times', () => {
  it('keeps leads and their callback times, and takes a spoken window when no callback_at was set', () => {
    const db = dbAtVersion(180, cleanups);
    const insert = db.prepare(`INSERT INTO leads (lead_id, created_at, updated_at, attributes) VALUES (?, ?, ?, ?)`);
    insert.run('L1', T, T, '{"callback_at":"2026-01-05T15:00:00Z"}');
    insert.run('L2', T, T, '{}');
    db.prepare(`INSERT INTO calls (call_id, lead_id, created_at, updated_at) VALUES ('C2', 'L2', ?, ?)`).run(T, T);
    const before = db.prepare(`SELECT lead_id, created_ms, callback_ms FROM leads ORDER BY lead_id`).all();

    migration.up(db);
    migration.up(db);
    expect(db.prepare(`SELECT lead_id, created_ms, callback_ms FROM leads ORDER BY lead_id`).all()).toEqual(before);

    const version = (): number => db.prepare(`SELECT n FROM queue_data_version`).pluck().get() as number;
    const callback = (id: string): number | null =>
      db.prepare(`SELECT callback_ms FROM leads WHERE lead_id = ?`).pluck().get(id) as number | null;
    const v0 = version();
    // A spoken window sets the queue's callback time and tells the stored queue index it changed.
    db.prepare(`UPDATE leads SET spoken_callback_start_ms = 1000, spoken_callback_end_ms = 2000 WHERE lead_id = 'L2'`).run();
    expect(callback('L2')).toBe(1000);
    expect(version()).toBe(v0 + 1);
    // A callback_at set by a person wins over what was heard, and dropping it falls back to the heard one.
    db.prepare(`UPDATE leads SET attributes = '{"callback_at":"2026-01-01T00:00:10Z"}' WHERE lead_id = 'L2'`).run();
    expect(callback('L2')).toBeCloseTo(Date.parse('2026-01-01T00:00:10Z'), -1);
    db.prepare(`UPDATE leads SET attributes = '{}' WHERE lead_id = 'L2'`).run();
    expect(callback('L2')).toBe(1000);
    // New leads still get their times.
    insert.run('L3', '2026-02-01T08:00:00Z', T, '{}');
    expect(db.prepare(`SELECT created_ms FROM leads WHERE lead_id = 'L3'`).pluck().get()).toBeCloseTo(Date.parse('2026-02-01T08:00:00Z'), -1);

    // Spoken times go with their call.
    db.prepare(
      `INSERT INTO spoken_times VALUES ('C2', 0, 'callback', 'a', 'b', 1000, 2000, 'UTC', 0, 'tomorrow', 'call me tomorrow', 'customer', 1)`,
    ).run();
    db.prepare(`DELETE FROM calls WHERE call_id = 'C2'`).run();
    expect(db.prepare(`SELECT count(*) FROM spoken_times`).pluck().get()).toBe(0);
  });
});
