import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/db/open';
import { migration } from '../../../electron/db/migrations/0045-lead-times-ms';
import { dbAtVersion } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

/** Epoch ms of an ISO time, as the queue computed it from text before this migration. */
const parsed = (db: Db, iso: string | null): number | null =>
  db.prepare(`SELECT (julianday(?) - 2440587.5) * 86400000.0`).pluck().get(iso) as number | null;

describe('migration 0045 lead-times-ms', () => {
  it('keeps created, last-called and callback times as numbers on the lead row, however the row is written', () => {
    const db = dbAtVersion(44, cleanups);
    const insert = db.prepare(
      `INSERT INTO leads (lead_id, created_at, updated_at, last_called_at, attributes) VALUES (?, ?, ?, ?, ?)`,
    );
    insert.run(
      'L1',
      '2026-01-02T09:30:00Z',
      T,
      '2026-01-03T10:00:00.250Z',
      '{"callback_at":"2026-01-05T15:00:00Z"}',
    );
    insert.run('L2', '2026-01-02T09:30:00Z', T, null, '{"source":"web"}');
    const times = (
      id: string,
    ): { created_ms: number | null; last_called_ms: number | null; callback_ms: number | null } =>
      db.prepare('SELECT created_ms, last_called_ms, callback_ms FROM leads WHERE lead_id = ?').get(id) as {
        created_ms: number | null;
        last_called_ms: number | null;
        callback_ms: number | null;
      };

    migration.up(db);
    migration.up(db);
    // Existing rows are filled in, with the very numbers the text gave.
    expect(times('L1')).toEqual({
      created_ms: parsed(db, '2026-01-02T09:30:00Z'),
      last_called_ms: parsed(db, '2026-01-03T10:00:00.250Z'),
      callback_ms: parsed(db, '2026-01-05T15:00:00Z'),
    });
    expect(times('L1').created_ms).toBeCloseTo(Date.parse('2026-01-02T09:30:00Z'), -1);
    expect(times('L2')).toEqual({
      created_ms: parsed(db, '2026-01-02T09:30:00Z'),
      last_called_ms: null,
      callback_ms: null,
    });

    // New rows, a call made, a callback asked for, a callback dropped.
    insert.run('L3', '2026-02-01T08:00:00Z', T, null, '{}');
    expect(times('L3')).toEqual({
      created_ms: parsed(db, '2026-02-01T08:00:00Z'),
      last_called_ms: null,
      callback_ms: null,
    });
    db.prepare(`UPDATE leads SET last_called_at = '2026-02-02T08:00:00Z' WHERE lead_id = 'L3'`).run();
    expect(times('L3').last_called_ms).toBe(parsed(db, '2026-02-02T08:00:00Z'));
    db.prepare(
      `UPDATE leads SET attributes = '{"callback_at":"2026-02-03T12:00:00Z"}' WHERE lead_id = 'L3'`,
    ).run();
    expect(times('L3').callback_ms).toBe(parsed(db, '2026-02-03T12:00:00Z'));
    db.prepare(`UPDATE leads SET attributes = '{}' WHERE lead_id = 'L1'`).run();
    expect(times('L1').callback_ms).toBeNull();
    // Attributes that are not JSON leave no callback time and do not fail the write.
    db.prepare(`UPDATE leads SET attributes = 'callback_at: tomorrow' WHERE lead_id = 'L2'`).run();
    expect(times('L2').callback_ms).toBeNull();
    expect(db.prepare(`SELECT attributes FROM leads WHERE lead_id = 'L2'`).pluck().get()).toBe(
      'callback_at: tomorrow',
    );
  });
});
