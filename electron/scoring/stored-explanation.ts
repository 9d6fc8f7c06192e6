import type Database from 'better-sqlite3';
import { callFeaturesSchema, type CallFeatures } from '../../shared/scoring/call-features';
import type { CriterionEvidence, CriterionResult } from '../../shared/scoring/score-result';
import { cachedLlmVerdicts } from '../llm/cached-llm-verdicts';
import { evaluateCriterion, type CriterionVerdict } from './evaluate-criterion';
import type { StoredRubric } from './rubric-store';
import { pointsFor } from './score-call';
import { decodeOutcomes } from './stored-outcomes';

/** A call's stored features, or null when it has none (or they no longer parse). */
export function storedFeatures(db: Database.Database, callId: string): CallFeatures | null {
  const json = db.prepare('SELECT features FROM calls WHERE call_id = ?').pluck().get(callId) as string | null | undefined;
  if (!json) return null;
  const parsed = callFeaturesSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

const CHANGED: CriterionEvidence[] = [{ kind: 'none', note: 'the call changed after it was scored; re-score it to see why' }];

/**
 * The explanation of a stored score, built when it is read: outcomes and points from the stored
 * code and the rubric version the score was made with; the evidence (quote, value, LLM answer) from
 * judging the criterion again on the call's stored features and cached LLM answers, exactly as the
 * scorer did. Scores are rewritten whenever features are, so the two agree; should they not, the
 * stored outcome stands and the evidence says the call changed. A row without a code yet (scored
 * before migration 0120, until the start-up's re-score) is explained wholly from its features.
 */
export function explainStoredScore(
  db: Database.Database,
  callId: string,
  stored: StoredRubric,
  code: string,
  features: CallFeatures | null,
): CriterionResult[] {
  const outcomes = decodeOutcomes(stored.rubric, code);
  if (!outcomes && !features) return [];
  const llm = features ? cachedLlmVerdicts(db, callId, stored) : undefined;
  return stored.rubric.criteria.map((c, j) => {
    const verdict = features ? evaluateCriterion(c, features, llm) : null;
    const outcome = outcomes?.[j] ?? (verdict as CriterionVerdict).outcome;
    const evidence = verdict && verdict.outcome === outcome ? verdict.evidence : CHANGED;
    return { id: c.id, type: c.type, description: c.description, outcome, ...pointsFor(c, outcome), evidence };
  });
}
