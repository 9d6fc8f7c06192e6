import { afterEach, describe, expect, it } from 'vitest';
import { analyseAndStoreCall } from '../../../electron/analysis/analyse-and-store';
import { rescoreAll } from '../../../electron/scoring/rescore-all';
import { activeRubric, ensureDefaultRubrics, saveRubricVersion } from '../../../electron/scoring/rubric-store';
import { scoreAndStoreCall } from '../../../electron/scoring/score-and-store';
import { effectiveScore, overrideHistory, overrideScore } from '../../../electron/scoring/score-overrides';
import { pricingAndBookingCall, wrongNumberCall } from '../../unit/scoring/fixtures/example-calls';
import { insertCall, insertLead, tempDb } from './test-db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup() {
  const t = tempDb();
  cleanup = t.cleanup;
  const { db } = t;
  insertLead(db, 'L-good', '+14155550123', { lead_source: 'google_ads', attributes: '{"plan":"gold"}' });
  insertLead(db, 'L-wrong', '+12125550188');
  insertCall(db, 'C-good', 'L-good', pricingAndBookingCall());
  insertCall(db, 'C-wrong', 'L-wrong', wrongNumberCall());
  return db;
}

describe('analyse, score and store', () => {
  it('stores features, scores of both kinds and the lead score, and repeating changes nothing', () => {
    const db = setup();
    ensureDefaultRubrics(db);
    ensureDefaultRubrics(db);
    expect(db.prepare('SELECT kind, version, active FROM rubrics ORDER BY kind').all()).toEqual([
      { kind: 'lead', version: 1, active: 1 },
      { kind: 'qa', version: 1, active: 1 },
    ]);
    for (let pass = 0; pass < 2; pass++) {
      for (const id of ['C-good', 'C-wrong']) {
        analyseAndStoreCall(db, id);
        scoreAndStoreCall(db, id);
      }
    }
    const call = db.prepare("SELECT features, sentiment_score, keywords FROM calls WHERE call_id = 'C-good'").get() as {
      features: string;
      sentiment_score: number;
      keywords: string;
    };
    expect(JSON.parse(call.features).caller.attributes.plan).toBe('gold');
    expect(call.sentiment_score).toBeGreaterThan(0);
    expect(JSON.parse(call.keywords).length).toBeGreaterThan(0);
    const scores = db.prepare('SELECT call_id, kind, score, band, qualified, breakdown FROM scores ORDER BY call_id, kind').all() as Array<{
      call_id: string;
      kind: string;
      score: number;
      band: string;
      qualified: number;
      breakdown: string;
    }>;
    expect(scores.map((s) => [s.call_id, s.kind])).toEqual([
      ['C-good', 'lead'],
      ['C-good', 'qa'],
      ['C-wrong', 'lead'],
      ['C-wrong', 'qa'],
    ]);
    expect(scores[0]).toMatchObject({ score: 90, band: 'hot', qualified: 1 });
    expect(JSON.parse(scores[0]?.breakdown ?? '{}').rubricVersion).toBe(1);
    expect(scores[2]).toMatchObject({ score: 0, band: 'cold', qualified: 0 });
    const leads = db.prepare('SELECT lead_id, lead_score, ai_sentiment, ai_keywords FROM leads ORDER BY lead_id').all() as Array<{
      lead_id: string;
      lead_score: number;
      ai_sentiment: number | null;
      ai_keywords: string;
    }>;
    expect(leads.map((l) => [l.lead_id, l.lead_score])).toEqual([
      ['L-good', 90],
      ['L-wrong', 0],
    ]);
    expect(JSON.parse(leads[0]?.ai_keywords ?? '[]').length).toBeGreaterThan(0);
  });

  it('a rubric edit re-scores every call from stored features with the new version recorded', () => {
    const db = setup();
    for (const id of ['C-good', 'C-wrong']) {
      analyseAndStoreCall(db, id);
      scoreAndStoreCall(db, id);
    }
    // Poison the transcript: if rescoring re-analysed text, the scores would change with it.
    db.prepare("UPDATE calls SET transcript = NULL WHERE call_id = 'C-good'").run();
    const lead = activeRubric(db, 'lead');
    if (!lead) throw new Error('no lead rubric');
    const edited = {
      ...lead.rubric,
      criteria: lead.rubric.criteria.map((c) => (c.id === 'appointment_booked' ? { ...c, weight: 0.5 } : c)),
    };
    const saved = saveRubricVersion(db, edited, 'supervisor');
    expect(saved.version).toBe(2);
    const report = rescoreAll(db);
    expect(report.calls).toBe(2);
    const row = db.prepare("SELECT score, rubric_id, breakdown FROM scores WHERE call_id = 'C-good' AND kind = 'lead'").get() as {
      score: number;
      rubric_id: number;
      breakdown: string;
    };
    expect(row.score).toBe(70);
    expect(row.rubric_id).toBe(saved.rubricId);
    const booked = JSON.parse(row.breakdown).criteria.find((c: { id: string }) => c.id === 'appointment_booked');
    expect(booked.points).toBe(20);
    expect(booked.evidence[0].quote).toContain('booked');
    expect(db.prepare("SELECT lead_score FROM leads WHERE lead_id = 'L-good'").get()).toEqual({ lead_score: 70 });
  });

  it('an override keeps the AI score beside it and moves the lead score', () => {
    const db = setup();
    analyseAndStoreCall(db, 'C-wrong');
    scoreAndStoreCall(db, 'C-wrong');
    const after = overrideScore(db, { callId: 'C-wrong', kind: 'lead', newScore: 65, by: 'sup.anna', reason: 'right person, new number' });
    expect(after).toMatchObject({ aiScore: 0, effectiveScore: 65, overridden: true, overriddenBy: 'sup.anna' });
    expect(db.prepare("SELECT lead_score FROM leads WHERE lead_id = 'L-wrong'").get()).toEqual({ lead_score: 65 });
    // Re-scoring by the AI does not wipe the supervisor's decision.
    scoreAndStoreCall(db, 'C-wrong');
    expect(effectiveScore(db, 'C-wrong', 'lead')).toMatchObject({ aiScore: 0, effectiveScore: 65 });
    overrideScore(db, { callId: 'C-wrong', kind: 'lead', newScore: 50, by: 'sup.ben', reason: null });
    const history = overrideHistory(db, 'C-wrong');
    expect(history.map((h) => [h.ai_score, h.old_score, h.new_score, h.overridden_by])).toEqual([
      [0, 0, 65, 'sup.anna'],
      [0, 65, 50, 'sup.ben'],
    ]);
    expect(() => overrideScore(db, { callId: 'C-wrong', kind: 'lead', newScore: 101, by: 'x', reason: null })).toThrow(/between 0 and 100/);
  });
});
