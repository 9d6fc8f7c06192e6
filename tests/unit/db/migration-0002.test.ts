import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { tempDir } from '../../fixtures/temp';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

describe('migration 0002 scoring schema', () => {
  it('keeps rubric versions, one active rubric per kind, and scores tied to a version', () => {
    const t = tempDir('cr-m2-');
    temps.push(t);
    const db = openDatabase(join(t.path, 'x.db'), { targetVersion: 2 });
    const now = new Date().toISOString();
    const addRubric = db.prepare(
      `INSERT INTO rubrics (kind, version, name, definition, active, created_at) VALUES (?, ?, 'r', '{}', ?, ?)`,
    );
    addRubric.run('lead', 1, 1, now);
    addRubric.run('lead', 2, 0, now);
    addRubric.run('qa', 1, 1, now);
    expect(() => addRubric.run('lead', 2, 0, now)).toThrow(/UNIQUE/);
    expect(() => addRubric.run('lead', 3, 1, now)).toThrow(/UNIQUE/);
    db.prepare(`INSERT INTO leads (lead_id, created_at, updated_at) VALUES ('L1', ?, ?)`).run(now, now);
    db.prepare(`INSERT INTO calls (call_id, lead_id, created_at, updated_at) VALUES ('C1', 'L1', ?, ?)`).run(now, now);
    db.prepare(
      `INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, breakdown, scored_at) VALUES ('C1', 'lead', 1, 91, 'hot', 1, '[]', ?)`,
    ).run(now);
    expect(() =>
      db
        .prepare(
          `INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, breakdown, scored_at) VALUES ('C1', 'qa', 99, 1, 'cold', 0, '[]', ?)`,
        )
        .run(now),
    ).toThrow(/FOREIGN KEY/);
    db.prepare(
      `INSERT INTO manual_reviews (review_uuid, call_id, reviewer, created_at, updated_at) VALUES ('u1', 'C1', 'sam', ?, ?)`,
    ).run(now, now);
    db.prepare(`INSERT INTO outcomes (lead_id, new_value, recorded_by, recorded_at) VALUES ('L1', 'converted', 'sam', ?)`).run(now);
    expect(() =>
      db.prepare(`INSERT INTO outcomes (lead_id, new_value, recorded_by, recorded_at) VALUES ('L1', 'won?', 'sam', ?)`).run(now),
    ).toThrow(/CHECK/);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT call_id FROM scores WHERE kind = 'lead' ORDER BY score DESC`).all() as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/scores_kind_score/);
    db.close();
  });
});
