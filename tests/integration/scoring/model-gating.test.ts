import { afterEach, describe, expect, it } from 'vitest';
import { activeModel, modelEvents, modelHistory, retrainIfOutcomesChanged, rollbackModel, trainConversionModel } from '../../../electron/scoring/model/model-store';
import { leadPredictionHistory } from '../../../electron/scoring/model/prediction-store';
import { recordOutcome } from '../../../electron/scoring/outcomes';
import { rng } from '../../bench/scoring-synthetic-calls';
import { COLD_PHRASE, conversationData, importConversationData, WARM_PHRASE } from './conversation-leads';
import { tempDb } from './test-db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup(n = 160, seed = 7): ReturnType<typeof tempDb> {
  const t = tempDb();
  cleanup = t.cleanup;
  importConversationData(t.db, conversationData(n, seed));
  return t;
}

const predictions = (db: ReturnType<typeof tempDb>['db']): Array<{ lead_id: string; model_id: number; probability: number }> =>
  db.prepare('SELECT lead_id, model_id, probability FROM lead_predictions ORDER BY lead_id').all() as Array<{ lead_id: string; model_id: number; probability: number }>;

describe('a model that reads the conversation', () => {
  it('stacks the customer words with the structured model, and explanations name the phrases', () => {
    const { db } = setup();
    const out = trainConversionModel(db, { trigger: 'manual', by: 'test' });
    if (out.status !== 'activated') throw new Error(`expected a live model, got ${out.status}: ${out.reason}`);
    const parts = Object.fromEntries(out.model.metrics.parts.map((p) => [p.part, p.auc]));
    expect(parts['customer words']).toBeGreaterThan(0.6);
    // The stack reads both the budget and the words, so it beats each alone.
    expect(parts.stacked).toBeGreaterThan(parts['customer words'] as number);
    expect(parts.stacked).toBeGreaterThan(Object.entries(parts).find(([k]) => k.startsWith('structured'))?.[1] as number);
    // The customer's phrases are among the strongest features (the trackers now also read the cold
    // phrase as an intent, so the budget can lead); words always said together tie, and one stands for them.
    const top = out.model.metrics.topFeatures;
    expect(top.slice(0, 3).some((f) => f.feature.startsWith('customer: "'))).toBe(true);
    const said = (phrase: string, f: { feature: string }): boolean => f.feature.replace(/^customer: "|"$/g, '').split(' ').some((w) => ` right ${phrase} `.includes(` ${w} `));
    expect(top.filter((f) => said(COLD_PHRASE, f) && f.weight < 0)).toHaveLength(1);
    expect(top.filter((f) => said(WARM_PHRASE, f) && f.weight > 0)).toHaveLength(1);
    const warmLead = db.prepare(`SELECT lead_id FROM calls WHERE transcript_text LIKE ? AND lead_id IN (SELECT lead_id FROM leads) LIMIT 1`).pluck().get(`%${WARM_PHRASE}%`) as string;
    const reasons = JSON.parse((db.prepare('SELECT reasons FROM lead_predictions WHERE lead_id = ?').pluck().get(warmLead) as string) ?? '[]') as Array<{ feature: string; contribution: number; kind?: string }>;
    const phrase = reasons.find((r) => r.kind === 'phrase');
    // Overlapping words and bigrams are merged into the span the customer said.
    expect(phrase?.feature).toMatch(/^customer: ".*how soon can you start"$/);
    expect(phrase?.contribution).toBeGreaterThan(0);
    expect(reasons.slice(0, 3)).toContain(phrase);
  });
});

describe('models go live only when they are better', () => {
  it('refuses a candidate trained on shuffled outcomes, with its reason, and the active basis does not change', () => {
    const { db } = setup();
    const first = trainConversionModel(db, { trigger: 'manual', by: 'test' });
    expect(first.status).toBe('activated');
    const before = predictions(db);
    const activeBefore = activeModel(db)?.modelId;

    // Shuffle who converted among the leads with an outcome.
    const labelled = db.prepare('SELECT lead_id, outcome FROM leads WHERE outcome IS NOT NULL ORDER BY lead_id').all() as Array<{ lead_id: string; outcome: string }>;
    const r = rng(99);
    const shuffled = labelled.map((l) => l.outcome);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
    }
    labelled.forEach((l, i) => recordOutcome(db, { leadId: l.lead_id, outcome: shuffled[i] as 'converted' | 'lost', by: 'test', reason: 'shuffle', source: 'test' }));

    const candidate = trainConversionModel(db, { trigger: 'manual', by: 'test' });
    expect(candidate.status).toBe('refused');
    expect(candidate.status === 'refused' && candidate.reason).toMatch(/not clearly above chance/);
    expect(activeModel(db)?.modelId).toBe(activeBefore);
    expect(predictions(db)).toEqual(before);
    const refused = modelHistory(db).find((h) => h.modelId === (candidate.status === 'refused' ? candidate.model.modelId : -1));
    expect(refused).toMatchObject({ decision: 'refused', active: false, activatedAt: null });
    expect(refused?.gate?.checks.aboveChance).toBe(false);
    expect(modelEvents(db)[0]).toMatchObject({ event: 'refused', modelId: refused?.modelId });
    // The refused candidate saw every outcome: no retrain until another arrives.
    expect(retrainIfOutcomesChanged(db)).toBeNull();
  });

  it('activates a candidate only when it beats the active model, and rollback restores the previous one', () => {
    const { db } = setup();
    // A weak first model: without the budget and without the words it has little to go on.
    const weak = trainConversionModel(db, { trigger: 'manual', by: 'test', exclude: ['budget'] });
    if (weak.status !== 'activated') throw new Error(`${weak.status}: ${weak.reason}`);
    const weakPredictions = predictions(db);
    const strong = trainConversionModel(db, { trigger: 'manual', by: 'test', exclude: [] });
    if (strong.status !== 'activated') throw new Error(`${strong.status}: ${strong.reason}`);
    expect(strong.reason).toMatch(new RegExp(`beats the rubric lead score \\(.*\\) and the active model #${weak.model.modelId}`));
    expect(strong.model.gate?.active?.modelId).toBe(weak.model.modelId);
    expect(activeModel(db)?.modelId).toBe(strong.model.modelId);
    expect(predictions(db)).not.toEqual(weakPredictions);

    const back = rollbackModel(db, weak.model.modelId, 'sup.kim', 'strong model misbehaves on new campaign');
    expect(back).toMatchObject({ active: weak.model.modelId, previous: strong.model.modelId });
    expect(activeModel(db)?.modelId).toBe(weak.model.modelId);
    expect(predictions(db)).toEqual(weakPredictions);
    expect(modelEvents(db)[0]).toMatchObject({ event: 'rolled_back', modelId: weak.model.modelId, by: 'sup.kim', reason: 'strong model misbehaves on new campaign' });

    // Every prediction is kept: weak, strong, weak again, each saying what changed.
    const lead = weakPredictions[0]?.lead_id as string;
    const history = leadPredictionHistory(db, lead);
    expect(history.map((h) => h.modelId)).toEqual([weak.model.modelId, strong.model.modelId, weak.model.modelId]);
    expect(history[1]?.changes[0]).toBe(`model #${weak.model.modelId} -> #${strong.model.modelId}`);
    expect(history[2]?.cause).toBe(`rollback to model #${weak.model.modelId}`);
    expect(history.every((h) => h.rubricId !== null && h.rubricVersion === 1)).toBe(true);
    expect(() => db.prepare('UPDATE lead_prediction_history SET probability = 0').run()).toThrow(/append-only/);

    // Back to the rubric score, and forward again.
    expect(rollbackModel(db, null, 'sup.kim')).toMatchObject({ active: null, previous: weak.model.modelId });
    expect(activeModel(db)).toBeNull();
    expect(predictions(db)).toEqual([]);
    expect(rollbackModel(db, strong.model.modelId, 'sup.kim').active).toBe(strong.model.modelId);
    expect(predictions(db).every((p) => p.model_id === strong.model.modelId)).toBe(true);
  });

  it('will not restore a model that never went live, nor one that is already active, and changes nothing', () => {
    const { db } = setup();
    const live = trainConversionModel(db, { trigger: 'manual', by: 'test' });
    if (live.status !== 'activated') throw new Error(live.reason);
    const same = trainConversionModel(db, { trigger: 'manual', by: 'test' });
    if (same.status !== 'refused') throw new Error(`an identical retrain should tie and be refused, got ${same.status}`);
    expect(same.reason).toMatch(new RegExp(`does not beat the active model #${live.model.modelId}`));
    const before = predictions(db);
    const events = modelEvents(db).length;
    expect(() => rollbackModel(db, same.model.modelId, 'sup.kim')).toThrow(/was never live/);
    expect(() => rollbackModel(db, live.model.modelId, 'sup.kim')).toThrow(/already active/);
    expect(() => rollbackModel(db, 999, 'sup.kim')).toThrow(/there is no model #999/);
    expect(() => rollbackModel(db, null, ' ')).toThrow(/who asked/);
    expect(predictions(db)).toEqual(before);
    expect(modelEvents(db)).toHaveLength(events);
    expect(activeModel(db)?.modelId).toBe(live.model.modelId);
  });
});
