import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0046-scores-by-rubric';
import { staleScoreKinds } from '../../../electron/scoring/background-rescore';
import { ensureDefaultRubrics, loadActiveRubrics, saveRubricVersion } from '../../../electron/scoring/rubric-store';
import { dbAtVersion } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0046 scores-by-rubric', () => {
  it('indexes scores by kind and rubric, so finding scores of an older rubric reads no score rows', () => {
    const db = dbAtVersion(45, cleanups);
    ensureDefaultRubrics(db);
    const insertCall = db.prepare(`INSERT INTO calls (call_id, created_at, updated_at) VALUES (?, ?, ?)`);
    const insertScore = db.prepare(
      `INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, breakdown, scored_at) VALUES (?, ?, ?, 50, 'warm', 0, '{}', ?)`,
    );
    const active = Object.fromEntries(loadActiveRubrics(db).map((r) => [r.rubric.kind, r]));
    for (const id of ['C1', 'C2', 'C3']) {
      insertCall.run(id, T, T);
      insertScore.run(id, 'lead', active.lead?.rubricId, T);
      insertScore.run(id, 'qa', active.qa?.rubricId, T);
    }
    migration.up(db);
    migration.up(db);
    expect(db.prepare(`SELECT count(*) FROM scores`).pluck().get()).toBe(6);
    const plan = (
      db
        .prepare(`EXPLAIN QUERY PLAN SELECT 1 FROM scores WHERE kind = 'lead' AND rubric_id < 7`)
        .all() as { detail: string }[]
    ).map((p) => p.detail);
    expect(plan.join(' ')).toMatch(/USING COVERING INDEX scores_kind_rubric/);

    // Every score made with the active rubric: nothing to re-score.
    expect(staleScoreKinds(db)).toEqual([]);
    // A new lead version, and one call re-scored with it before the app quit: the rest are stale.
    const next = saveRubricVersion(db, { ...active.lead?.rubric, name: 'v2' }, 'test');
    db.prepare(`UPDATE scores SET rubric_id = ? WHERE call_id = 'C1' AND kind = 'lead'`).run(next.rubricId);
    expect(staleScoreKinds(db)).toEqual(['lead']);
    db.prepare(`UPDATE scores SET rubric_id = ? WHERE kind = 'lead'`).run(next.rubricId);
    expect(staleScoreKinds(db)).toEqual([]);
  });
});
