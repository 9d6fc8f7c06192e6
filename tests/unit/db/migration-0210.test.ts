import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0210-model-jobs';
import { dbAtVersion } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0210 model-jobs', () => {
  it('adds the retrain job table beside the rows a database at 0090 holds, once, with one queued row per kind', () => {
    const db = dbAtVersion(200, cleanups);
    db.prepare(`INSERT INTO leads (lead_id, outcome, created_at, updated_at) VALUES ('L1', 'converted', ?, ?)`).run(T, T);
    db.prepare(`INSERT INTO outcomes (lead_id, old_value, new_value, recorded_by, source, recorded_at) VALUES ('L1', NULL, 'converted', 'sam', 'manual', ?)`).run(T);

    migration.up(db);
    migration.up(db);
    expect(db.prepare('SELECT lead_id, new_value FROM outcomes').all()).toEqual([{ lead_id: 'L1', new_value: 'converted' }]);
    const queue = db.prepare(`INSERT INTO model_jobs (kind, state, cause, requested_at, run_after_ms) VALUES ('retrain', ?, 'L1 open → converted', ?, 0)`);
    queue.run('queued', T);
    expect(() => queue.run('queued', T)).toThrow(/UNIQUE/);
    queue.run('done', T);
    expect(() => queue.run('sleeping', T)).toThrow(/CHECK/);
    expect(db.prepare('SELECT state FROM model_jobs ORDER BY job_id').pluck().all()).toEqual(['queued', 'done']);
  });
});
