import type { Criterion, Rubric } from '../../shared/scoring/rubric';
import type { CriterionOutcome, CriterionResult } from '../../shared/scoring/score-result';
import { MET, NOT_APPLICABLE, NOT_MET } from './bulk-scorer';
import { pointsFor } from './score-call';

/**
 * A stored score keeps which criteria its call met as one character per criterion of the rubric
 * version it was made with, in the rubric's order ('0' not met, '1' met, '2' not applicable: the
 * bulk scorer's codes). Points are the rubric's, so a weight edit re-totals these codes without
 * reading a call's features, and the explanation is built when it is read (stored-explanation.ts).
 */
export const OUTCOME_CODE: Readonly<Record<CriterionOutcome, string>> = {
  not_met: String(NOT_MET),
  met: String(MET),
  not_applicable: String(NOT_APPLICABLE),
};
const FROM_CODE = new Map(Object.entries(OUTCOME_CODE).map(([o, code]) => [code, o as CriterionOutcome]));

export function encodeOutcomes(criteria: readonly { outcome: CriterionOutcome }[]): string {
  return criteria.map((c) => OUTCOME_CODE[c.outcome]).join('');
}

/** The outcomes of `code` for `rubric`, or null when the code was not made with a rubric of this shape. */
export function decodeOutcomes(rubric: Rubric, code: string): CriterionOutcome[] | null {
  if (code.length !== rubric.criteria.length) return null;
  const out: CriterionOutcome[] = [];
  for (const ch of code) {
    const o = FROM_CODE.get(ch);
    if (!o) return null;
    out.push(o);
  }
  return out;
}

/** A criterion's result without evidence: what reports and the CRM's top reason read. */
export type CriterionSummary = Omit<CriterionResult, 'evidence'>;

export function summariseOutcomes(rubric: Rubric, code: string): CriterionSummary[] {
  const outcomes = decodeOutcomes(rubric, code);
  if (!outcomes) return [];
  return rubric.criteria.map((c, j) => {
    const outcome = outcomes[j] as CriterionOutcome;
    return { id: c.id, type: c.type, description: c.description, outcome, ...pointsFor(c, outcome) };
  });
}

/** The summary of a stored score made with `stored` (none when its rubric version is gone). */
export function criteriaOf(stored: { rubric: Rubric } | undefined, code: string): CriterionSummary[] {
  return stored ? summariseOutcomes(stored.rubric, code) : [];
}

/**
 * What decides a criterion's outcome on a call: everything but its wording and its points. Two
 * criteria with the same judgement give every call the same outcome, so a stored code carries over.
 */
const NOT_JUDGED = new Set(['description', 'points', 'weight']);

export function judgementKey(c: Criterion): string {
  const judged = Object.entries(c).filter(([k, v]) => !NOT_JUDGED.has(k) && v !== undefined);
  return JSON.stringify(judged.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * For each criterion of `next`, the index of the criterion of `previous` that judges alike, or
 * null when some criterion of `next` is new or changed (its outcomes must be evaluated).
 */
export function carriedOver(previous: Rubric, next: Rubric): number[] | null {
  if (previous.kind !== next.kind) return null;
  const at = new Map(previous.criteria.map((c, j) => [judgementKey(c), j]));
  const map: number[] = [];
  for (const c of next.criteria) {
    const j = at.get(judgementKey(c));
    if (j === undefined) return null;
    map.push(j);
  }
  return map;
}

/** The sum of the points a stored code earned, not clamped to the 0-100 score: red flags show below 0. */
export function unclampedPoints(rubric: Rubric, code: string): number | null {
  const outcomes = decodeOutcomes(rubric, code);
  if (!outcomes) return null;
  return rubric.criteria.reduce((sum, c, j) => sum + pointsFor(c, outcomes[j] as CriterionOutcome).points, 0);
}
