import { bandFor, type Band } from '../../shared/scoring/bands';
import type { CallFeatures } from '../../shared/scoring/call-features';
import type { Criterion, Rubric } from '../../shared/scoring/rubric';
import type { CriterionOutcome, CriterionResult, ScoreResult } from '../../shared/scoring/score-result';
import { evaluateCriterion, type LlmVerdicts } from './evaluate-criterion';

export function criterionValue(c: Criterion): number {
  return c.points * c.weight;
}

/** The one place the total is made, shared by the per-call and the bulk scorer so both agree. */
export function totalScore(rubric: Rubric, earned: number, maxEarnable: number): number {
  const raw =
    rubric.scale === 'sum' ? earned : maxEarnable > 0 ? (100 * Math.max(0, earned)) / maxEarnable : 0;
  return Math.round(Math.min(100, Math.max(0, raw)) * 10) / 10;
}

export function pointsFor(c: Criterion, outcome: CriterionOutcome): { points: number; maxPoints: number } {
  if (outcome === 'not_applicable') return { points: 0, maxPoints: 0 };
  const value = criterionValue(c);
  return { points: outcome === 'met' ? value : 0, maxPoints: Math.max(0, value) };
}

/** `llm`: precomputed answers to the rubric's LLM questions; without them those criteria are not applicable. */
export function scoreCallFeatures(features: CallFeatures, rubric: Rubric, llm?: LlmVerdicts): ScoreResult {
  const criteria: CriterionResult[] = [];
  let earned = 0;
  let maxEarnable = 0;
  for (const c of rubric.criteria) {
    const verdict = evaluateCriterion(c, features, llm);
    const { points, maxPoints } = pointsFor(c, verdict.outcome);
    earned += points;
    maxEarnable += maxPoints;
    criteria.push({
      id: c.id,
      type: c.type,
      description: c.description,
      outcome: verdict.outcome,
      points,
      maxPoints,
      evidence: verdict.evidence,
    });
  }
  return scoreResult(rubric, totalScore(rubric, earned, maxEarnable), criteria);
}

/** Band and qualification from a total, shared by the per-call scorer and the re-score. */
export function bandAndQualified(rubric: Rubric, score: number): { band: Band; qualified: boolean } {
  return { band: bandFor(score, rubric.bands), qualified: score >= rubric.qualifyThreshold };
}

export function scoreResult(rubric: Rubric, score: number, criteria: CriterionResult[]): ScoreResult {
  return { kind: rubric.kind, rubricName: rubric.name, score, ...bandAndQualified(rubric, score), criteria };
}
