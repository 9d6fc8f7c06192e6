import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { tempDir } from '../../fixtures/temp';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

describe('migration 0003 job runs', () => {
  it('logs stage attempts per job and drops them with the job', () => {
    const t = tempDir('cr-m3-');
    temps.push(t);
    const db = openDatabase(join(t.path, 'x.db'), { targetVersion: 3 });
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO calls (call_id, created_at, updated_at) VALUES ('C1', ?, ?)`).run(now, now);
    db.prepare(`INSERT INTO jobs (call_id, stage, state, created_at, updated_at) VALUES ('C1', 'transcribe', 'queued', ?, ?)`).run(now, now);
    db.prepare(`INSERT INTO job_runs (job_id, call_id, stage, outcome, finished_at) VALUES (1, 'C1', 'transcribe', 'done', ?)`).run(now);
    expect(() =>
      db.prepare(`INSERT INTO job_runs (job_id, call_id, stage, outcome, finished_at) VALUES (1, 'C1', 'x', 'maybe', ?)`).run(now),
    ).toThrow(/CHECK/);
    db.prepare(`DELETE FROM calls`).run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM job_runs').get()).toEqual({ n: 0 });
    db.close();
  });
});
