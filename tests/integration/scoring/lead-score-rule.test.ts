import { afterEach, describe, expect, it } from 'vitest';
import { rankOpenLeads } from '../../../electron/ranking/rank-leads';
import { ensureDefaultRubrics } from '../../../electron/scoring/rubric-store';
import { HALF_LIFE_DAYS, leadScoreBasis, refreshLeadScore } from '../../../electron/scoring/lead-score';
import { overrideScore } from '../../../electron/scoring/score-overrides';
import { insertLead, tempDb } from './test-db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** A lead with scored calls at the given times (the bundled samples' repeat caller: 01, then 05 the next morning). */
function leadWithCalls(calls: { id: string; at: string; score: number }[]): ReturnType<typeof tempDb> {
  const t = tempDb();
  cleanup = t.cleanup;
  ensureDefaultRubrics(t.db);
  const rubricId = t.db.prepare(`SELECT rubric_id FROM rubrics WHERE kind = 'lead' AND active = 1`).pluck().get() as number;
  insertLead(t.db, 'L-20261123-0134', '+14155550134');
  for (const c of calls) {
    t.db.prepare(`INSERT INTO calls (call_id, lead_id, call_start_time, created_at, updated_at) VALUES (?, 'L-20261123-0134', ?, ?, ?)`).run(c.id, c.at, c.at, c.at);
    t.db.prepare(`INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, outcomes, scored_at) VALUES (?, 'lead', ?, ?, 'cold', 0, '', ?)`).run(c.id, rubricId, c.score, c.at);
  }
  refreshLeadScore(t.db, 'L-20261123-0134');
  return t;
}

const leadScore = (t: ReturnType<typeof tempDb>): number => t.db.prepare(`SELECT lead_score FROM leads`).pluck().get() as number;

describe('the lead score: the best recent call with decay', () => {
  it('keeps the repeat caller near her first call after she calls to reschedule, and says which call counted', () => {
    const t = leadWithCalls([
      { id: 'C-01-pricing', at: '2026-11-23T23:12:40.000Z', score: 30 },
      { id: 'C-05-reschedule', at: '2026-11-24T16:41:09.000Z', score: 0 },
    ]);
    const days = (Date.parse('2026-11-24T16:41:09Z') - Date.parse('2026-11-23T23:12:40Z')) / 86_400_000;
    expect(leadScore(t)).toBe(Math.round(30 * 0.5 ** (days / HALF_LIFE_DAYS) * 10) / 10);
    expect(leadScore(t)).toBeGreaterThan(28);
    expect(leadScoreBasis(t.db, ['L-20261123-0134']).get('L-20261123-0134')).toMatchObject({ callId: 'C-01-pricing', callScore: 30, calls: 2 });
    const [ranked] = rankOpenLeads(t.db);
    expect(ranked?.rank_reason).toMatch(/rubric lead score 28\.9 \(best of 2 scored calls: call C-01-pricing scored 30 ×0\.96 decay\)/);
  });

  it('lets a strong call fade once the lead has moved on for weeks, and follows a supervisor override', () => {
    const t = leadWithCalls([
      { id: 'C-old', at: '2026-09-01T10:00:00.000Z', score: 90 },
      { id: 'C-new', at: '2026-11-10T10:00:00.000Z', score: 40 },
    ]);
    // 70 days is five half-lives: 90 counts as 2.8, the recent 40 wins.
    expect(leadScore(t)).toBe(40);
    overrideScore(t.db, { callId: 'C-new', kind: 'lead', newScore: 10, by: 'sup.kim', reason: 'wrong number after all' });
    expect(leadScore(t)).toBe(10);
    expect(leadScoreBasis(t.db, ['L-20261123-0134']).get('L-20261123-0134')).toMatchObject({ callId: 'C-new', callScore: 10, weight: 1 });
  });
});
