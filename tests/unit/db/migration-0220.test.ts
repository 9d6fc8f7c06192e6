import { afterEach, describe, expect, it } from 'vitest';
import { analyseCall } from '../../../electron/analysis/analyse-call';
import { migration } from '../../../electron/db/migrations/0220-score-outcomes';
import { cachedLlmVerdicts } from '../../../electron/llm/cached-llm-verdicts';
import { callScores } from '../../../electron/review/call-scores';
import { staleScoreKinds } from '../../../electron/scoring/background-rescore';
import { rescoreAll } from '../../../electron/scoring/rescore-all';
import { activeRubric, loadActiveRubrics, saveRubricVersion } from '../../../electron/scoring/rubric-store';
import { readFeatures } from '../../../electron/scoring/score-and-store';
import { scoreCallFeatures } from '../../../electron/scoring/score-call';
import type { ScoreResult } from '../../../shared/scoring/score-result';
import { dbAtVersion } from '../../fixtures/db-at-version';
import { insertCall, insertLead } from '../../integration/scoring/test-db';
import { pricingAndBookingCall, wrongNumberCall } from '../scoring/fixtures/example-calls';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('migration 0220 score-outcomes', () => {
  it('drops the stored explanations; scores explain as before from features until the start-up re-score fills their outcome codes', () => {
    const db = dbAtVersion(210, cleanups);
    insertLead(db, 'L1', '+14155550123', { attributes: '{"plan":"gold"}' });
    insertLead(db, 'L2', '+12125550188');
    const inputs = { 'C-good': pricingAndBookingCall(), 'C-wrong': wrongNumberCall(), 'C-legacy': pricingAndBookingCall(), 'C-garbled': wrongNumberCall(), 'C-other-rubric': wrongNumberCall() };
    // Analysed as at version 210 (today's analysis writes tables of later migrations too).
    const analysed = db.prepare('UPDATE calls SET features = ? WHERE call_id = ?');
    for (const [id, input] of Object.entries(inputs)) {
      insertCall(db, id, id === 'C-good' || id === 'C-legacy' ? 'L1' : 'L2', input);
      analysed.run(JSON.stringify(analyseCall(input)), id);
    }
    // Scores as the scorer before 0220 wrote them: the whole explained result, as JSON.
    const insert = db.prepare(
      `INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, breakdown, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')`,
    );
    const before = new Map<string, ScoreResult>();
    for (const stored of loadActiveRubrics(db))
      for (const id of ['C-good', 'C-wrong', 'C-legacy', 'C-garbled', 'C-other-rubric']) {
        const r = scoreCallFeatures(readFeatures(db, id).features, stored.rubric, cachedLlmVerdicts(db, id, stored));
        before.set(`${id}/${r.kind}`, r);
        const breakdown =
          id === 'C-legacy'
            ? JSON.stringify(r.criteria) // the oldest rows held the bare list
            : id === 'C-garbled'
              ? '{"criteria": [{"id": "x"'
              : id === 'C-other-rubric'
                ? JSON.stringify({ criteria: r.criteria.slice(1) })
                : JSON.stringify({ rubricVersion: stored.version, rubricName: r.rubricName, criteria: r.criteria });
        insert.run(id, r.kind, stored.rubricId, r.score, r.band, r.qualified ? 1 : 0, breakdown);
      }

    const triggersBefore = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'scores' ORDER BY name`).all();
    expect(triggersBefore.length).toBeGreaterThan(0);

    migration.up(db);

    const columns = (db.prepare(`PRAGMA table_info(scores)`).all() as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('outcomes');
    expect(columns).not.toContain('breakdown');
    // The queue's change counting and the indexes on scores are carried over.
    expect(db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'scores' ORDER BY name`).all()).toEqual(triggersBefore);
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'scores' AND sql IS NOT NULL ORDER BY name`).pluck().all();
    expect(indexes).toEqual(['scores_kind_rubric', 'scores_kind_score', 'scores_without_outcomes']);
    const rows = () =>
      db.prepare(`SELECT call_id, kind, score, outcomes FROM scores ORDER BY call_id, kind`).all() as { call_id: string; kind: string; score: number; outcomes: string }[];
    expect(rows()).toHaveLength(10);
    for (const r of rows()) {
      expect(r.score).toBe(before.get(`${r.call_id}/${r.kind}`)?.score);
      expect(r.outcomes).toBe('');
    }

    // Until the codes are filled, the review view explains each score from the call's features,
    // and reads as the stored explanation did, evidence included.
    const explainedAsBefore = (): void => {
      for (const id of ['C-good', 'C-wrong', 'C-legacy', 'C-garbled', 'C-other-rubric'])
        for (const s of callScores(db, id)) expect(s.criteria).toEqual(before.get(`${id}/${s.kind}`)?.criteria);
    };
    explainedAsBefore();

    // The start-up finds the scores without codes and its re-score judges them from features.
    expect(staleScoreKinds(db)).toEqual(['lead', 'qa']);
    expect(rescoreAll(db)).toMatchObject({ calls: 5, judged: 5, written: 10 });
    expect(staleScoreKinds(db)).toEqual([]);
    for (const r of rows()) {
      const was = before.get(`${r.call_id}/${r.kind}`) as ScoreResult;
      expect(r.score).toBe(was.score);
      expect(r.outcomes).toBe(was.criteria.map((c) => ({ not_met: '0', met: '1', not_applicable: '2' })[c.outcome]).join(''));
    }
    // The met criteria differ between the calls, so the codes prove something.
    expect(new Set(rows().map((r) => r.outcomes)).size).toBeGreaterThan(1);
    explainedAsBefore();

    // Analysed calls are listed from an index, without reading their features.
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT call_id FROM calls WHERE features IS NOT NULL ORDER BY call_id`).all() as { detail: string }[])
      .map((p) => p.detail)
      .join(' ');
    expect(plan).toMatch(/calls_analysed/);

    // A weight edit afterwards carries the codes over: no call is judged again.
    const qa = activeRubric(db, 'qa').rubric;
    saveRubricVersion(db, { ...qa, criteria: qa.criteria.map((c, j) => (j === 0 ? { ...c, weight: 2 } : c)) }, 'test');
    expect(rescoreAll(db, { kinds: ['qa'] })).toMatchObject({ calls: 5, judged: 0 });
  });
});
