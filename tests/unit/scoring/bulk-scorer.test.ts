import { describe, expect, it } from 'vitest';
import { analyseCall } from '../../../electron/analysis/analyse-call';
import { scoreCompact } from '../../../electron/scoring/bulk-scorer';
import { CompactFeatureSet } from '../../../electron/scoring/compact-feature-set';
import { DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC } from '../../../electron/scoring/default-rubrics';
import { scoreCallFeatures } from '../../../electron/scoring/score-call';
import { encodeOutcomes, summariseOutcomes } from '../../../electron/scoring/stored-outcomes';
import { parseRubric } from '../../../shared/scoring/rubric';
import { rng, syntheticCall } from '../../bench/scoring-synthetic-calls';

const tricky = parseRubric({
  kind: 'lead',
  name: 'every criterion type',
  scale: 'normalized',
  criteria: [
    { id: 'p', type: 'phrase', phrases: ['cheaper quote', 'boiler'], speaker: 'customer', points: 10 },
    { id: 'pa', type: 'phrase', phrases: ['wrong number'], when: 'absent', points: 5 },
    { id: 'i', type: 'intent', intent: 'recording_disclosure', points: 7, campaigns: ['Solar', 'boilers'] },
    { id: 'ia', type: 'intent', intent: 'voicemail', when: 'absent', points: 3 },
    { id: 'f', type: 'feature', feature: 'conversation.customerTalkRatio', min: 0.2, max: 0.7, points: 4 },
    { id: 'fc', type: 'feature', feature: 'intents.pricing_asked.count', min: 1, points: 6 },
    { id: 'a', type: 'attribute', attribute: 'attributes.homeowner', equals: 'yes', points: 8, weight: 1.5 },
    { id: 'an', type: 'attribute', attribute: 'attributes.budget', in: [0, 1, 2], points: -4 },
    { id: 'ab', type: 'attribute', attribute: 'isRepeat', equals: true, points: 2 },
    { id: 'l', type: 'llm_question', question: 'q?', points: 9 },
  ],
});

describe('bulk (columnar) scorer', () => {
  it('gives exactly the per-call scorer’s scores, outcomes and points (through the stored code) on 400 generated calls', () => {
    const r = rng(7);
    const features = Array.from({ length: 400 }, () => analyseCall(syntheticCall(r)));
    const set = new CompactFeatureSet(features);
    for (const rubric of [DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC, tricky]) {
      const bulk = scoreCompact(set, rubric);
      features.forEach((f, i) => {
        const one = scoreCallFeatures(f, rubric);
        expect(bulk.score[i]).toBe(one.score);
        // The stored code of the bulk outcomes reads back as the per-call scorer's criteria.
        const code = rubric.criteria.map((_, j) => String(bulk.outcome[j * set.n + i])).join('');
        expect(code).toBe(encodeOutcomes(one.criteria));
        expect(summariseOutcomes(rubric, code)).toEqual(one.criteria.map(({ evidence: _e, ...c }) => c));
      });
      // The generated calls must exercise both outcomes, or the comparison proves little.
      const scores = new Set(bulk.score);
      expect(scores.size).toBeGreaterThan(5);
    }
  });

  it('re-scores from cached phrase hits after a weight edit', () => {
    const r = rng(11);
    const features = Array.from({ length: 50 }, () => analyseCall(syntheticCall(r)));
    const set = new CompactFeatureSet(features);
    const before = scoreCompact(set, tricky);
    const heavier = parseRubric({ ...tricky, criteria: tricky.criteria.map((c) => (c.id === 'p' ? { ...c, weight: 3 } : c)) });
    const after = scoreCompact(set, heavier);
    features.forEach((f, i) => expect(after.score[i]).toBe(scoreCallFeatures(f, heavier).score));
    expect([...after.score].some((s, i) => s !== before.score[i])).toBe(true);
  });
});
