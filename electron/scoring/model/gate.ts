import { aucStandardError, rocAuc } from './metrics';

/**
 * Fewest outcomes of each class a model is trained and judged on. Ten of each puts two of each
 * in every one of five folds, and keeps the AUC's standard error near 0.1 or below (Hanley &
 * McNeil): with fewer, a model's AUC cannot be told from chance unless it is near perfect.
 */
export const MIN_PER_CLASS = 10;
/** One-sided 95%: the candidate's AUC minus this many standard errors must clear 0.5. */
const Z_95 = 1.645;

export const GATE_RULE =
  `A model goes live only when, on the same known outcomes (at least ${MIN_PER_CLASS} converted and ${MIN_PER_CLASS} lost), ` +
  `its out-of-fold AUC is clearly above chance (AUC - 1.645 SE > 0.5), higher than the rubric lead score's AUC, ` +
  `and higher than the active model's AUC (out-of-fold where it was validated, its own predictions on outcomes it never saw).`;

/** What the candidate is compared with: the active model's scores on the same outcomes, or its recorded figure. */
export type ActiveBasis =
  | { modelId: number; scores: Float64Array; validated: number; unseen: number }
  | { modelId: number; recordedAuc: number };

export interface GateReport {
  rule: string;
  outcomes: number;
  positives: number;
  negatives: number;
  candidateAuc: number;
  /** One-sided 95% lower bound of the candidate's AUC. */
  candidateLowerBound: number;
  rubricAuc: number;
  /** Known outcomes whose lead has a rubric score (the others rank last for the rubric). */
  rubricScored: number;
  active: { modelId: number; auc: number; basis: string } | null;
  checks: { enoughOutcomes: boolean; aboveChance: boolean; beatsRubric: boolean; beatsActive: boolean };
}

export interface GateDecision {
  activate: boolean;
  reason: string;
  report: GateReport;
}

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

/**
 * Decides whether a candidate goes live. `candidate` is its out-of-fold probability per outcome,
 * `rubric` the rubric lead score per outcome (NaN when unscored), `y` the outcomes now.
 */
export function decide(y: Uint8Array, candidate: ArrayLike<number>, rubric: ArrayLike<number>, active: ActiveBasis | null): GateDecision {
  const positives = y.reduce((a, b) => a + b, 0);
  const negatives = y.length - positives;
  const candidateAuc = rocAuc(candidate, y);
  const lower = candidateAuc - Z_95 * aucStandardError(candidateAuc, positives, negatives);
  const rubricScores = Float64Array.from({ length: y.length }, (_, i) => (Number.isFinite(rubric[i]) ? (rubric[i] as number) : -Infinity));
  const rubricAuc = rocAuc(rubricScores, y);
  const rubricScored = rubricScores.filter((s) => s !== -Infinity).length;
  let activeFigure: GateReport['active'] = null;
  if (active && 'scores' in active) {
    activeFigure = {
      modelId: active.modelId,
      auc: rocAuc(active.scores, y),
      basis: `its out-of-fold probability on ${active.validated} outcomes it was validated on, its own prediction on ${active.unseen} it never saw`,
    };
  } else if (active) {
    activeFigure = { modelId: active.modelId, auc: active.recordedAuc, basis: 'the AUC recorded when it was trained (it predates stored validation scores)' };
  }
  const checks = {
    enoughOutcomes: positives >= MIN_PER_CLASS && negatives >= MIN_PER_CLASS,
    aboveChance: lower > 0.5,
    beatsRubric: candidateAuc > rubricAuc,
    beatsActive: activeFigure === null || candidateAuc > activeFigure.auc,
  };
  const report: GateReport = {
    rule: GATE_RULE,
    outcomes: y.length,
    positives,
    negatives,
    candidateAuc,
    candidateLowerBound: lower,
    rubricAuc,
    rubricScored,
    active: activeFigure,
    checks,
  };
  const failures: string[] = [];
  if (!checks.enoughOutcomes) failures.push(`${positives} converted and ${negatives} lost: at least ${MIN_PER_CLASS} of each are needed`);
  if (!checks.aboveChance) failures.push(`AUC ${f3(candidateAuc)} is not clearly above chance (95% lower bound ${f3(lower)} <= 0.5)`);
  if (!checks.beatsRubric) failures.push(`AUC ${f3(candidateAuc)} does not beat the rubric lead score (${f3(rubricAuc)})`);
  if (!checks.beatsActive && activeFigure) failures.push(`AUC ${f3(candidateAuc)} does not beat the active model #${activeFigure.modelId} (${f3(activeFigure.auc)})`);
  const on = `on the same ${y.length} outcomes (${positives} converted, ${negatives} lost)`;
  if (failures.length) return { activate: false, reason: `refused ${on}: ${failures.join('; ')}`, report };
  const versus = [`the rubric lead score (${f3(rubricAuc)})`, ...(activeFigure ? [`the active model #${activeFigure.modelId} (${f3(activeFigure.auc)})`] : [])];
  return { activate: true, reason: `activated ${on}: AUC ${f3(candidateAuc)} (95% lower bound ${f3(lower)}) beats ${versus.join(' and ')}`, report };
}
