import { afterEach, describe, expect, it } from 'vitest';
import { analyseAndStoreCall } from '../../../electron/analysis/analyse-and-store';
import { migration } from '../../../electron/db/migrations/0120-score-outcomes';
import { cachedLlmVerdicts } from '../../../electron/llm/cached-llm-verdicts';
import { callScores } from '../../../electron/review/call-scores';
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

describe('migration 0120 score-outcomes', () => {
  it('turns each stored explanation into outcome codes, drops the explanations, and every reader explains as before', () => {
    const db = dbAtVersion(119, cleanups);
    insertLead(db, 'L1', '+14155550123', { attributes: '{"plan":"gold"}' });
    insertLead(db, 'L2', '+12125550188');
    insertCall(db, 'C-good', 'L1', pricingAndBookingCall());
    insertCall(db, 'C-wrong', 'L2', wrongNumberCall());
    insertCall(db, 'C-legacy', 'L1', pricingAndBookingCall());
    insertCall(db, 'C-garbled', 'L2', wrongNumberCall());
    insertCall(db, 'C-other-rubric', 'L2', wrongNumberCall());
    for (const id of ['C-good', 'C-wrong', 'C-legacy', 'C-garbled', 'C-other-rubric']) analyseAndStoreCall(db, id);
    // Scores as the scorer before 0120 wrote them: the whole explained result, as JSON.
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

    migration.up(db);

    const columns = (db.prepare(`PRAGMA table_info(scores)`).all() as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('outcomes');
    expect(columns).not.toContain('breakdown');
    const rows = db.prepare(`SELECT call_id, kind, score, outcomes FROM scores ORDER BY call_id, kind`).all() as { call_id: string; kind: string; score: number; outcomes: string }[];
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      const was = before.get(`${r.call_id}/${r.kind}`) as ScoreResult;
      expect(r.score).toBe(was.score);
      const code = was.criteria.map((c) => ({ not_met: '0', met: '1', not_applicable: '2' })[c.outcome]).join('');
      // An explanation that does not parse, or lists other criteria than its rubric, has no code.
      expect(r.outcomes).toBe(['C-garbled', 'C-other-rubric'].includes(r.call_id) ? '' : code);
    }
    // The met criteria differ between the two calls, so the codes prove something.
    expect(new Set(rows.map((r) => r.outcomes)).size).toBeGreaterThan(3);

    // The review view's explanation reads as the stored one did, evidence included.
    for (const id of ['C-good', 'C-wrong', 'C-legacy'])
      for (const s of callScores(db, id)) expect(s.criteria).toEqual(before.get(`${id}/${s.kind}`)?.criteria);
    expect(callScores(db, 'C-garbled').map((s) => s.criteria)).toEqual([[], []]);

    // Analysed calls are listed from an index, without reading their features.
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT call_id FROM calls WHERE features IS NOT NULL ORDER BY call_id`).all() as { detail: string }[])
      .map((p) => p.detail)
      .join(' ');
    expect(plan).toMatch(/calls_analysed/);

    // A weight edit afterwards carries the migrated codes over; only the rows without one are judged.
    const qa = activeRubric(db, 'qa').rubric;
    saveRubricVersion(db, { ...qa, criteria: qa.criteria.map((c, j) => (j === 0 ? { ...c, weight: 2 } : c)) }, 'test');
    expect(rescoreAll(db, { kinds: ['qa'] })).toMatchObject({ calls: 5, judged: 2 });
    expect(callScores(db, 'C-garbled').find((s) => s.kind === 'qa')?.criteria.length).toBe(qa.criteria.length);
  });
});
