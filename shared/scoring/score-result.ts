import type { Band } from './bands';
import type { CriterionType, RubricKind } from './rubric';

export type CriterionOutcome = 'met' | 'not_met' | 'not_applicable';

/** Why a criterion gave its points: what was said and when, or the value that was compared. */
export type CriterionEvidence =
  | { kind: 'quote'; quote: string; start: number; speaker: string }
  | { kind: 'value'; feature: string; value: string | number | boolean | null; compared: string }
  | { kind: 'none'; note: string };

export interface CriterionResult {
  id: string;
  type: CriterionType;
  description: string;
  outcome: CriterionOutcome;
  points: number;
  maxPoints: number;
  evidence: CriterionEvidence[];
}

export interface ScoreResult {
  kind: RubricKind;
  rubricName: string;
  score: number;
  band: Band;
  qualified: boolean;
  criteria: CriterionResult[];
}
