import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0180-data-safety';
import { dbAtVersion } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0180 data-safety', () => {
  it('adds the backup and retention settings (off), job rows and the erasure log to a database holding calls, leaving them as they were', () => {
    const db = dbAtVersion(170, cleanups);
    db.prepare(`INSERT INTO leads (lead_id, first_name, phone_number, created_at, updated_at) VALUES ('L1', 'Ann', '+15551230001', ?, ?)`).run(T, T);
    db.prepare(`INSERT INTO calls (call_id, lead_id, transcript_text, created_at, updated_at) VALUES ('C1', 'L1', 'hello there', ?, ?)`).run(T, T);

    migration.up(db);
    migration.up(db);
    expect(db.prepare('SELECT * FROM data_safety_settings').all()).toEqual([
      { id: 1, backup_folder: null, backup_every_hours: null, backup_keep: 7, audio_days: null, transcript_days: null },
    ]);
    expect(db.prepare('SELECT call_id, lead_id, transcript_text FROM calls').all()).toEqual([
      { call_id: 'C1', lead_id: 'L1', transcript_text: 'hello there' },
    ]);
    expect(() => db.prepare(`INSERT INTO maintenance_jobs (kind, trigger, state, created_at) VALUES ('format-disk', 'manual', 'queued', ?)`).run(T)).toThrow(/CHECK/);
    db.prepare(`INSERT INTO maintenance_jobs (kind, trigger, state, created_at) VALUES ('backup', 'manual', 'queued', ?)`).run(T);
    expect(() => db.prepare('UPDATE data_safety_settings SET backup_keep = 0').run()).toThrow(/CHECK/);
    expect(db.prepare('SELECT COUNT(*) FROM erasure_log').pluck().get()).toBe(0);
  });
});
