import { afterEach, describe, expect, it } from 'vitest';
import { analyseAndStoreCall } from '../../../electron/analysis/analyse-and-store';
import { buildReports } from '../../../electron/reports/report-data';
import { callScores } from '../../../electron/review/call-scores';
import { scoreAndStoreCall } from '../../../electron/scoring/score-and-store';
import { pricingAndBookingCall, wrongNumberCall } from '../../unit/scoring/fixtures/example-calls';
import { insertCall, insertLead, tempDb } from '../scoring/test-db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('coaching report from stored outcome codes', () => {
  it('names, per agent, the QA criteria the review view shows as missed, with the calls to listen to', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    const { db } = t;
    insertLead(db, 'L1', '+14155550123');
    const calls = { 'C-good': pricingAndBookingCall(), 'C-wrong': wrongNumberCall() };
    for (const [id, input] of Object.entries(calls)) {
      insertCall(db, id, 'L1', { ...input, call: { ...input.call, agent: 'maria' } });
      analyseAndStoreCall(db, id);
      scoreAndStoreCall(db, id);
    }
    // Expected from the explanations the review view reads: criteria with points to earn, missed.
    const judged = new Map<string, { description: string; miss: string[]; judged: number }>();
    for (const id of Object.keys(calls))
      for (const c of callScores(db, id).find((s) => s.kind === 'qa')?.criteria ?? []) {
        if (c.outcome === 'not_applicable' || !(c.maxPoints > 0)) continue;
        const e = judged.get(c.id) ?? { description: c.description, miss: [], judged: 0 };
        judged.set(c.id, e);
        e.judged++;
        if (c.outcome === 'not_met') e.miss.push(id);
      }
    const expected = [...judged]
      .filter(([, e]) => e.miss.length)
      .map(([criterion, e]) => ({ criterion, description: e.description, missRate: Math.round((e.miss.length / e.judged) * 1000) / 1000 }));
    expect(expected.length).toBeGreaterThan(0);

    const coaching = buildReports(db).coaching;
    expect(coaching.map((c) => c.agent)).toEqual(['maria']);
    const missed = coaching[0]?.missed ?? [];
    expect(missed.length).toBe(Math.min(3, expected.length));
    for (const m of missed) {
      expect(expected).toContainEqual({ criterion: m.criterion, description: m.description, missRate: m.missRate });
      expect(m.examples.map((x) => x.call_id).sort()).toEqual(judged.get(m.criterion)?.miss.sort());
    }
  });
});
