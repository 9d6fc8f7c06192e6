import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../../electron/core/api-handlers';
import { createCoreContext } from '../../../electron/core/context';
import { dispatch } from '../../../electron/core/dispatch';
import { MIN_REVIEWS_FOR_WEIGHTS } from '../../../electron/calibration/suggest-weights';
import { trainConversionModel } from '../../../electron/scoring/model/model-store';
import { activeRubric } from '../../../electron/scoring/rubric-store';
import type { WeightSuggestion } from '../../../shared/api/calibration';
import type { ConversionPhrases, ModelVersion } from '../../../shared/api/models';
import type { Reports } from '../../../shared/api/reports';
import { rng } from '../../bench/scoring-synthetic-calls';
import { COLD_PHRASE, conversationData, importConversationData, WARM_PHRASE } from './conversation-leads';
import { tempDb } from './test-db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup(): { db: ReturnType<typeof tempDb>['db']; call: (name: string, input: unknown) => Promise<unknown> } {
  const t = tempDb();
  cleanup = t.cleanup;
  importConversationData(t.db, conversationData(160, 7));
  const api = createApiHandlers(createCoreContext(t.db));
  return { db: t.db, call: (name, input) => dispatch(api, name, input) };
}

describe('the model API', () => {
  it('lists versions with their figures and reasons, rolls back, and tells why a lead moved', async () => {
    const { db, call } = setup();
    const weak = trainConversionModel(db, { trigger: 'manual', by: 'test', exclude: ['budget'] });
    const strong = trainConversionModel(db, { trigger: 'manual', by: 'test', exclude: [] });
    const again = trainConversionModel(db, { trigger: 'manual', by: 'test', exclude: [] });
    expect([weak.status, strong.status, again.status]).toEqual(['activated', 'activated', 'refused']);

    const list = (await call('listModelVersions', {})) as { basis: string; activeModelId: number; rule: string; versions: ModelVersion[]; events: unknown[] };
    expect(list.basis).toBe('model');
    expect(list.rule).toMatch(/at least 10 converted and 10 lost/);
    expect(list.versions.map((v) => v.status)).toEqual(['refused', 'active', 'was_live']);
    const [refused, active] = list.versions as [ModelVersion, ModelVersion, ModelVersion];
    expect(list.activeModelId).toBe(active.modelId);
    expect(active).toMatchObject({ outcomes: 160, readsWords: true, trigger: 'manual', trainedBy: 'test' });
    expect(active.liftByDecile).toHaveLength(10);
    expect(active.liftByDecile[0]?.lift).toBeGreaterThan(1);
    expect(active.reliability.reduce((n, b) => n + b.rows, 0)).toBe(160);
    expect(active.topFeatures.length).toBeGreaterThan(0);
    expect(active.parts.map((p) => p.part)).toContain('customer words');
    expect(refused.reason).toMatch(/does not beat the active model/);
    expect(list.events).toHaveLength(3);

    await expect(call('rollbackModel', { modelId: 'one' })).rejects.toMatchObject({ status: 400 });
    await expect(call('rollbackModel', { modelId: refused.modelId, by: 'sup' })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/never live/) });
    await expect(call('rollbackModel', { modelId: 12345, by: 'sup' })).rejects.toMatchObject({ status: 404 });
    const back = await call('rollbackModel', { modelId: list.versions[2]?.modelId, by: 'sup', reason: 'try the old one' });
    expect(back).toMatchObject({ active: list.versions[2]?.modelId, previous: active.modelId, predictions: 160 });

    const lead = db.prepare(`SELECT lead_id FROM calls WHERE transcript_text LIKE ? ORDER BY lead_id LIMIT 1`).pluck().get(`%${WARM_PHRASE}%`) as string;
    const history = (await call('leadPredictionHistory', { leadId: lead })) as { entries: Array<{ modelId: number; changes: string[]; reasons: unknown[]; rubricVersion: number | null }> };
    expect(history.entries.map((e) => e.modelId)).toEqual([list.versions[2]?.modelId, active.modelId, list.versions[2]?.modelId]);
    expect(history.entries[2]?.changes).toContain(`model #${active.modelId} -> #${list.versions[2]?.modelId}`);
    expect(history.entries.every((e) => e.rubricVersion === 1 && e.reasons.length > 0)).toBe(true);
    await expect(call('leadPredictionHistory', { leadId: 'nobody' })).rejects.toMatchObject({ status: 404 });
  });

  it('lists the phrases that predict conversion with counts and lift, and reports the live model beside the rubric', async () => {
    const { db, call } = setup();
    const phrasesBefore = (await call('getConversionPhrases', {})) as ConversionPhrases;
    expect(phrasesBefore.modelId).toBeNull();
    trainConversionModel(db, { trigger: 'manual', by: 'test' });
    const phrases = (await call('getConversionPhrases', { limit: 5 })) as ConversionPhrases;
    expect(phrases).toMatchObject({ outcomes: 160, minLeads: 5 });
    const top = phrases.converting[0];
    // Words always said together are one utterance: shown whole, once.
    expect(top?.phrase).toBe(`right ${WARM_PHRASE}`);
    expect(top?.role).toBe('customer');
    // The counts are the leads whose calls said it, and how many of those converted.
    const said = db
      .prepare(`SELECT COUNT(DISTINCT c.lead_id) AS n, SUM(l.outcome = 'converted') AS won FROM calls c JOIN leads l USING (lead_id) WHERE c.transcript_text LIKE ?`)
      .get(`%Customer: Right, ${WARM_PHRASE}%`) as { n: number; won: number };
    expect(top).toMatchObject({ leads: said.n, converted: said.won });
    expect(top?.lift).toBeCloseTo((said.won / said.n) / (phrases.converted / phrases.outcomes), 1);
    expect(top?.weight).toBeGreaterThan(0);
    // Only phrases whose leads' rate clearly differs are listed: here the one that carries the signal.
    expect(phrases.converting).toHaveLength(1);
    expect(phrases.converting.filter((p) => / soon /.test(` ${p.phrase} `))).toHaveLength(1);
    expect(phrases.lost[0]?.phrase).toBe(`right ${COLD_PHRASE}`);
    expect(phrases.lost[0]?.lift).toBeLessThan(1);

    const reports = (await call('getReports', {})) as Reports;
    expect(reports.reliabilityBasis).toBe('model');
    expect(reports.model?.outcomes).toBe(160);
    expect(reports.model?.liftByDecile).toHaveLength(10);
    expect(reports.model?.auc).toBeGreaterThan(reports.scoreAuc ?? 1);
    expect(reports.reliability.reduce((n, b) => n + b.n, 0)).toBe(160);
  });

  it('suggests rubric weights only from enough reviews, with intervals and a held-out error', async () => {
    const { db, call } = setup();
    const qa = activeRubric(db, 'qa');
    const calls = db.prepare(`SELECT c.call_id, s.score FROM calls c JOIN scores s ON s.call_id = c.call_id AND s.kind = 'qa' ORDER BY c.call_id`).all() as Array<{ call_id: string; score: number }>;
    const review = db.prepare(
      `INSERT INTO manual_reviews (review_uuid, call_id, reviewer, rubric_id, criterion_scores, total_score, created_at, updated_at) VALUES (?, ?, 'kim', ?, '{}', ?, ?, ?)`,
    );
    const r = rng(4);
    const add = (from: number, to: number): void => {
      for (let i = from; i < to; i++) {
        const c = calls[i] as { call_id: string; score: number };
        review.run(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, c.call_id, qa.rubricId, Math.max(0, Math.min(100, c.score + (r() - 0.5) * 30)), '2025-01-01', '2025-01-01');
      }
    };
    add(0, 2);
    const two = (await call('suggestWeights', { kind: 'qa' })) as WeightSuggestion;
    expect(two).toMatchObject({ enough: false, reviews: 2, minReviews: MIN_REVIEWS_FOR_WEIGHTS, intervals: {}, heldOut: null });
    expect(two.message).toMatch(/2 reviewed calls .* from 20 or more/);
    expect(two.weights).toEqual(Object.fromEntries(qa.rubric.criteria.map((c) => [c.id, c.weight])));

    add(2, 40);
    const forty = (await call('suggestWeights', { kind: 'qa' })) as WeightSuggestion;
    expect(forty).toMatchObject({ enough: true, reviews: 40 });
    expect(Object.keys(forty.intervals).sort()).toEqual(qa.rubric.criteria.map((c) => c.id).sort());
    for (const [, iv] of Object.entries(forty.intervals)) expect(iv.low).toBeLessThanOrEqual(iv.high);
    expect(forty.heldOut?.suggestedMae).toBeGreaterThan(0);
    expect(forty.message).toMatch(/held out of the fit/);
    // In-sample, the fitted weights agree at least as well as the current ones.
    expect(forty.agreement.mae ?? Infinity).toBeLessThanOrEqual(forty.current.mae ?? 0);
  });
});
