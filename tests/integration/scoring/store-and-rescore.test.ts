import { describe, expect, it } from 'vitest';
import { analyseAndStoreCall } from '../../../electron/analysis/analyse-and-store';
import { rescoreAll } from '../../../electron/scoring/rescore-all';
import { activeRubric, ensureDefaultRubrics, saveRubricVersion, type StoredRubric } from '../../../electron/scoring/rubric-store';
import { cachedLlmVerdicts } from '../../../electron/llm/cached-llm-verdicts';
import type { Db } from '../../../electron/db/open';
import type { ScoreResult } from '../../../shared/scoring/score-result';
import { readFeatures, scoreAndStoreCall } from '../../../electron/scoring/score-and-store';
import { scoreCallFeatures } from '../../../electron/scoring/score-call';
import { callScores } from '../../../electron/review/call-scores';
import { effectiveScore, overrideHistory, overrideScore } from '../../../electron/scoring/score-overrides';
import { pricingAndBookingCall, wrongNumberCall } from '../../unit/scoring/fixtures/example-calls';
import { insertCall, insertLead, tempDbEachTest } from './test-db';

const freshDb = tempDbEachTest();

function setup() {
  const t = freshDb();
  const { db } = t;
  insertLead(db, 'L-good', '+14155550123', { lead_source: 'google_ads', attributes: '{"plan":"gold"}' });
  insertLead(db, 'L-wrong', '+12125550188');
  insertCall(db, 'C-good', 'L-good', pricingAndBookingCall());
  insertCall(db, 'C-wrong', 'L-wrong', wrongNumberCall());
  return db;
}

/** What the per-call scorer gives the call with `stored` (the LLM questions from the answer cache, as scoring reads them). */
function scorerSays(db: Db, callId: string, stored: StoredRubric): ScoreResult {
  return scoreCallFeatures(readFeatures(db, callId).features, stored.rubric, cachedLlmVerdicts(db, callId, stored));
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
    const scores = db.prepare('SELECT call_id, kind, score, band, qualified, outcomes FROM scores ORDER BY call_id, kind').all() as Array<{
      call_id: string;
      kind: string;
      score: number;
      band: string;
      qualified: number;
      outcomes: string;
    }>;
    expect(scores.map((s) => [s.call_id, s.kind])).toEqual([
      ['C-good', 'lead'],
      ['C-good', 'qa'],
      ['C-wrong', 'lead'],
      ['C-wrong', 'qa'],
    ]);
    expect(scores[0]).toMatchObject({ score: 90, band: 'hot', qualified: 1 });
    // The explanation is built when read, and reads as the scorer made it.
    const lead = callScores(db, 'C-good').find((c) => c.kind === 'lead');
    expect(lead).toMatchObject({ rubric_version: 1, score: 90 });
    expect(lead?.criteria).toEqual(scorerSays(db, 'C-good', activeRubric(db, 'lead')).criteria);
    expect(scores[0]?.outcomes).toMatch(/^[012]+$/);
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
    db.prepare("UPDATE calls SET transcript = '{\"segments\": []}' WHERE call_id = 'C-good'").run();
    const lead = activeRubric(db, 'lead');
    if (!lead) throw new Error('no lead rubric');
    const edited = {
      ...lead.rubric,
      criteria: lead.rubric.criteria.map((c) => (c.id === 'appointment_booked' ? { ...c, weight: 0.5 } : c)),
    };
    const saved = saveRubricVersion(db, edited, 'supervisor');
    expect(saved.version).toBe(2);
    const report = rescoreAll(db);
    // A weight edit: the stored outcomes carry over, no call's features are read; the QA scores
    // (same rubric, same result) are left alone.
    expect(report).toMatchObject({ calls: 2, judged: 0, written: 2 });
    const row = db.prepare("SELECT score, rubric_id FROM scores WHERE call_id = 'C-good' AND kind = 'lead'").get() as {
      score: number;
      rubric_id: number;
    };
    expect(row.score).toBe(70);
    expect(row.rubric_id).toBe(saved.rubricId);
    const explained = callScores(db, 'C-good').find((c) => c.kind === 'lead');
    expect(explained?.rubric_version).toBe(2);
    const booked = explained?.criteria.find((c) => c.id === 'appointment_booked');
    expect(booked?.points).toBe(20);
    expect(booked?.evidence[0]).toMatchObject({ kind: 'quote' });
    expect(JSON.stringify(booked?.evidence)).toContain('booked');
    expect(explained?.criteria).toEqual(scorerSays(db, 'C-good', saved).criteria);
    expect(db.prepare("SELECT lead_score FROM leads WHERE lead_id = 'L-good'").get()).toEqual({ lead_score: 70 });
    // Nothing changed since: a second run writes nothing.
    expect(rescoreAll(db)).toMatchObject({ judged: 0, written: 0 });
  });

  it('once the transcript is deleted (retention), explanations keep outcomes and points but show no quotes of it', () => {
    const db = setup();
    analyseAndStoreCall(db, 'C-good');
    scoreAndStoreCall(db, 'C-good');
    const before = callScores(db, 'C-good');
    expect(JSON.stringify(before)).toContain('"kind":"quote"');
    db.prepare("UPDATE calls SET transcript = NULL, transcript_text = NULL WHERE call_id = 'C-good'").run();
    const after = callScores(db, 'C-good');
    expect(JSON.stringify(after)).not.toContain('"kind":"quote"');
    const points = (s: typeof before) => s.map((x) => [x.kind, x.score, x.criteria.map((c) => [c.id, c.outcome, c.points, c.maxPoints])]);
    expect(points(after)).toEqual(points(before));
    expect(after.flatMap((s) => s.criteria).some((c) => c.evidence.some((e) => e.kind === 'none' && e.note.includes('retention')))).toBe(true);
  });

  it('a changed criterion is judged again from stored features; unchanged ones carry over', () => {
    const db = setup();
    for (const id of ['C-good', 'C-wrong']) {
      analyseAndStoreCall(db, id);
      scoreAndStoreCall(db, id);
    }
    const lead = activeRubric(db, 'lead').rubric;
    const feature = lead.criteria.find((c) => c.type === 'feature');
    if (!feature || feature.type !== 'feature') throw new Error('the default lead rubric has a feature criterion');
    // Nobody can meet the new bound, so only judging it again gives the new outcome.
    const saved = saveRubricVersion(
      db,
      { ...lead, criteria: lead.criteria.map((c) => (c.id === feature.id ? { ...feature, min: 1e9, max: undefined } : c)) },
      'supervisor',
    );
    expect(rescoreAll(db, { kinds: ['lead'] })).toMatchObject({ calls: 2, judged: 2 });
    for (const id of ['C-good', 'C-wrong']) {
      const expected = scorerSays(db, id, saved);
      const got = callScores(db, id).find((c) => c.kind === 'lead');
      expect(got).toMatchObject({ score: expected.score, band: expected.band, rubric_version: saved.version });
      expect(got?.criteria).toEqual(expected.criteria);
      expect(got?.criteria.find((c) => c.id === feature.id)?.outcome).toBe('not_met');
    }
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
