import { attributeKey } from '../../shared/scoring/feature-path';
import { normaliseText, speakerMatches } from '../../shared/scoring/phrase-match';
import type { Criterion, Rubric } from '../../shared/scoring/rubric';

import type { CompactFeatureSet } from './compact-feature-set';
import { phraseRegExps, type LlmVerdicts } from './evaluate-criterion';
import { criterionValue, totalScore } from './score-call';

export const NOT_MET = 0;
export const MET = 1;
export const NOT_APPLICABLE = 2;
const OUTCOMES = ['not_met', 'met', 'not_applicable'] as const;

/** Per call (by index in the set): cached LLM question verdicts; absent for a call means not applicable. */
export type BulkLlmVerdicts = readonly (LlmVerdicts | undefined)[];

export interface BulkScores {
  score: Float64Array;
  /** outcome[j * n + i]: criterion j on call i. */
  outcome: Uint8Array;
}

function campaignMask(set: CompactFeatureSet, c: Criterion): Uint8Array | null {
  if (!c.campaigns) return null;
  const mask = new Uint8Array(set.n);
  const keyed = set.keyCodes(
    'campaign',
    c.campaigns.map((x) => attributeKey(x) ?? ''),
  );
  if (!keyed) return mask;
  for (let i = 0; i < set.n; i++) mask[i] = keyed.wantedMask[(keyed.codes[i] as number) + 1] ?? 0;
  return mask;
}

export function phraseKey(c: Extract<Criterion, { type: 'phrase' }>): string {
  return `${c.speaker}\u0000${c.phrases.join('\u0001')}`;
}

/** Fills one criterion's outcomes for every call; same rules as evaluateCriterion, column at a time. */
function evaluateColumn(set: CompactFeatureSet, c: Criterion, out: Uint8Array, llm?: BulkLlmVerdicts): void {
  const n = set.n;
  const tx = set.hasTranscript;
  switch (c.type) {
    case 'llm_question':
      out.fill(NOT_APPLICABLE);
      if (llm)
        for (let i = 0; i < n; i++) out[i] = OUTCOMES.indexOf(llm[i]?.get(c.id)?.outcome ?? 'not_applicable');
      return;
    case 'feature': {
      const col = set.numbers(c.feature);
      if (!col) return void out.fill(NOT_APPLICABLE);
      const lo = c.min ?? -Infinity;
      const hi = c.max ?? Infinity;
      for (let i = 0; i < n; i++) {
        const v = col[i] as number;
        out[i] = v !== v ? NOT_APPLICABLE : v >= lo && v < hi ? MET : NOT_MET;
      }
      return;
    }
    case 'attribute': {
      const targets = (c.in ?? [c.equals ?? null]).map(attributeKey).filter((k): k is string => k !== null);
      const keyed = set.keyCodes(c.attribute, targets);
      if (!keyed) return void out.fill(NOT_MET);
      const { codes, wantedMask } = keyed;
      for (let i = 0; i < n; i++) out[i] = wantedMask[(codes[i] as number) + 1] === 1 ? MET : NOT_MET;
      return;
    }
    case 'intent': {
      const present = set.intentPresence(c.intent);
      const metWhen = c.when === 'present' ? 1 : 0;
      for (let i = 0; i < n; i++) out[i] = !tx[i] ? NOT_APPLICABLE : present[i] === metWhen ? MET : NOT_MET;
      return;
    }
    case 'phrase': {
      const regexps = phraseRegExps(c.phrases);
      const speaker = c.speaker;
      const hits = set.phraseHitsFor(phraseKey(c), (turns) =>
        turns.findIndex(
          (t) => speakerMatches(speaker, t.speaker) && regexps.some((r) => r.test(normaliseText(t.text))),
        ),
      );
      const want = c.when === 'present';
      for (let i = 0; i < n; i++)
        out[i] = !tx[i] ? NOT_APPLICABLE : (hits[i] as number) >= 0 === want ? MET : NOT_MET;
      return;
    }
  }
}

export function scoreCompact(set: CompactFeatureSet, rubric: Rubric, llm?: BulkLlmVerdicts): BulkScores {
  const n = set.n;
  const k = rubric.criteria.length;
  const outcome = new Uint8Array(n * k);
  rubric.criteria.forEach((c, j) => {
    const out = outcome.subarray(j * n, (j + 1) * n);
    evaluateColumn(set, c, out, llm);
    const mask = campaignMask(set, c);
    if (mask) for (let i = 0; i < n; i++) if (!mask[i]) out[i] = NOT_APPLICABLE;
  });
  return { score: scoresFromOutcomes(rubric, outcome, n), outcome };
}

/**
 * Totals from per-criterion outcomes (criterion-major, n per criterion): which criteria a call met
 * does not depend on the weights, so a weight edit needs only this pass. `rubric` may differ from
 * the one the outcomes came from in weights only.
 */
export function scoresFromOutcomes(rubric: Rubric, outcome: Uint8Array, n: number): Float64Array {
  const earned = new Float64Array(n);
  const maxEarnable = new Float64Array(n);
  rubric.criteria.forEach((c, j) => {
    const out = outcome.subarray(j * n, (j + 1) * n);
    const value = criterionValue(c);
    const maxValue = Math.max(0, value);
    for (let i = 0; i < n; i++) {
      const o = out[i];
      if (o === NOT_APPLICABLE) continue;
      if (o === MET) earned[i] = (earned[i] as number) + value;
      maxEarnable[i] = (maxEarnable[i] as number) + maxValue;
    }
  });
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) score[i] = totalScore(rubric, earned[i] as number, maxEarnable[i] as number);
  return score;
}
