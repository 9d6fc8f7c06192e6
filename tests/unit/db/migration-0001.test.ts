import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { tempDir } from '../../fixtures/temp';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

function dbAt(version: number) {
  const t = tempDir('cr-m1-');
  temps.push(t);
  return openDatabase(join(t.path, 'x.db'), { targetVersion: version });
}

describe('migration 0001 core schema', () => {
  it('creates leads, calls, recording_files, ingest_rejections and jobs with their constraints', () => {
    const db = dbAt(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO leads (lead_id, phone_number, created_at, updated_at) VALUES ('L1', '+14155550100', ?, ?)`).run(now, now);
    // One lead per E.164 number.
    expect(() =>
      db.prepare(`INSERT INTO leads (lead_id, phone_number, created_at, updated_at) VALUES ('L2', '+14155550100', ?, ?)`).run(now, now),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare(`INSERT INTO leads (lead_id, outcome, created_at, updated_at) VALUES ('L3', 'maybe', ?, ?)`).run(now, now),
    ).toThrow(/CHECK/);
    db.prepare(`INSERT INTO calls (call_id, lead_id, recording_hash, created_at, updated_at) VALUES ('C1', 'L1', 'h1', ?, ?)`).run(now, now);
    // The same audio never becomes two calls.
    expect(() =>
      db.prepare(`INSERT INTO calls (call_id, lead_id, recording_hash, created_at, updated_at) VALUES ('C2', 'L1', 'h1', ?, ?)`).run(now, now),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare(`INSERT INTO calls (call_id, lead_id, created_at, updated_at) VALUES ('C3', 'nobody', ?, ?)`).run(now, now),
    ).toThrow(/FOREIGN KEY/);
    db.prepare(`INSERT INTO jobs (call_id, stage, state, created_at, updated_at) VALUES ('C1', 'transcribe', 'queued', ?, ?)`).run(now, now);
    // One job per call: re-queueing cannot duplicate work.
    expect(() =>
      db.prepare(`INSERT INTO jobs (call_id, stage, state, created_at, updated_at) VALUES ('C1', 'score', 'queued', ?, ?)`).run(now, now),
    ).toThrow(/UNIQUE/);
    db.prepare(`DELETE FROM calls WHERE call_id = 'C1'`).run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
    db.close();
  });

  it('claims jobs through the jobs_claim index', () => {
    const db = dbAt(1);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT job_id FROM jobs WHERE state = 'queued' AND run_after <= 0 ORDER BY job_id LIMIT 1`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/jobs_claim/);
    db.close();
  });
});
