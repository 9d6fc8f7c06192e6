import { describe, expect, it } from 'vitest';
import { DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC } from '../../../electron/scoring/default-rubrics';
import { carriedOver, decodeOutcomes, encodeOutcomes, summariseOutcomes } from '../../../electron/scoring/stored-outcomes';
import { parseRubric, type Rubric } from '../../../shared/scoring/rubric';
import type { CriterionOutcome } from '../../../shared/scoring/score-result';

const edit = (rubric: Rubric, id: string, change: Record<string, unknown>): Rubric =>
  parseRubric({ ...rubric, criteria: rubric.criteria.map((c) => (c.id === id ? { ...c, ...change } : c)) });

describe('stored outcome codes', () => {
  const first = DEFAULT_QA_RUBRIC.criteria[0];
  if (!first) throw new Error('the QA rubric has criteria');

  it('carry over an edit of weights, points, wording or order, and nothing that changes a judgement', () => {
    const reversed = parseRubric({ ...DEFAULT_QA_RUBRIC, criteria: [...DEFAULT_QA_RUBRIC.criteria].reverse() });
    const k = DEFAULT_QA_RUBRIC.criteria.length;
    expect(carriedOver(DEFAULT_QA_RUBRIC, DEFAULT_QA_RUBRIC)).toEqual([...Array(k).keys()]);
    expect(carriedOver(DEFAULT_QA_RUBRIC, reversed)).toEqual([...Array(k).keys()].reverse());
    expect(carriedOver(DEFAULT_QA_RUBRIC, edit(DEFAULT_QA_RUBRIC, first.id, { weight: 3, points: 99, description: 'reworded' }))).not.toBeNull();
    expect(carriedOver(DEFAULT_QA_RUBRIC, edit(DEFAULT_QA_RUBRIC, first.id, { campaigns: ['Solar'] }))).toBeNull();
    const phrase = DEFAULT_QA_RUBRIC.criteria.find((c) => c.type === 'phrase');
    if (phrase?.type === 'phrase') expect(carriedOver(DEFAULT_QA_RUBRIC, edit(DEFAULT_QA_RUBRIC, phrase.id, { phrases: [...phrase.phrases, 'one more'] }))).toBeNull();
    const added = parseRubric({ ...DEFAULT_QA_RUBRIC, criteria: [...DEFAULT_QA_RUBRIC.criteria, { id: 'new', type: 'feature', feature: 'durationS', min: 60, points: 5 }] });
    expect(carriedOver(DEFAULT_QA_RUBRIC, added)).toBeNull();
    // A removed criterion loses nothing the rest needs.
    expect(carriedOver(DEFAULT_QA_RUBRIC, parseRubric({ ...DEFAULT_QA_RUBRIC, criteria: DEFAULT_QA_RUBRIC.criteria.slice(1) }))).toEqual(
      [...Array(k - 1).keys()].map((j) => j + 1),
    );
    expect(carriedOver(DEFAULT_QA_RUBRIC, DEFAULT_LEAD_RUBRIC)).toBeNull();
  });

  it('read back as outcomes and the rubric version’s points, and refuse a code of another shape', () => {
    const k = DEFAULT_QA_RUBRIC.criteria.length;
    const outcomes = DEFAULT_QA_RUBRIC.criteria.map((_, j): CriterionOutcome => (j % 3 === 0 ? 'met' : j % 3 === 1 ? 'not_met' : 'not_applicable'));
    const code = encodeOutcomes(outcomes.map((outcome) => ({ outcome })));
    expect(decodeOutcomes(DEFAULT_QA_RUBRIC, code)).toEqual(outcomes);
    const summary = summariseOutcomes(DEFAULT_QA_RUBRIC, code);
    expect(summary[0]).toMatchObject({ id: first.id, outcome: 'met', points: first.points * first.weight, maxPoints: Math.max(0, first.points * first.weight) });
    expect(summary.filter((c) => c.outcome === 'not_applicable').every((c) => c.points === 0 && c.maxPoints === 0)).toBe(true);
    expect(decodeOutcomes(DEFAULT_QA_RUBRIC, code.slice(1))).toBeNull();
    expect(decodeOutcomes(DEFAULT_QA_RUBRIC, 'x'.repeat(k))).toBeNull();
    expect(summariseOutcomes(DEFAULT_QA_RUBRIC, '')).toEqual([]);
  });
});
