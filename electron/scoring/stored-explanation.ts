import type Database from 'better-sqlite3';
import { callFeaturesSchema, type CallFeatures } from '../../shared/scoring/call-features';
import type { CriterionEvidence, CriterionResult } from '../../shared/scoring/score-result';
import { cachedLlmVerdicts } from '../llm/cached-llm-verdicts';
import { evaluateCriterion, type CriterionVerdict } from './evaluate-criterion';
import type { StoredRubric } from './rubric-store';
import { pointsFor } from './score-call';
import { decodeOutcomes } from './stored-outcomes';

/** What the explanation reads of a call: its features (null when none, or they no longer parse). */
export interface ExplainedCall {
  features: CallFeatures | null;
  /** The transcript was deleted (retention): its quotes are not shown, the points stay. */
  quotesGone: boolean;
}

/** A call's stored row as the explanation reads it (storedCall, or many calls in one read). */
export interface StoredCallRow {
  features: string | null;
  /** 1 when the transcript was deleted (retention). */
  gone: number;
}

/** The SQL columns of a StoredCallRow over calls `c`. */
export const STORED_CALL_COLUMNS = 'c.features AS features, c.transcript IS NULL AND c.transcript_text IS NULL AS gone';

export function explainedCallOf(row: StoredCallRow | undefined): ExplainedCall {
  if (!row?.features) return { features: null, quotesGone: row?.gone === 1 };
  const parsed = callFeaturesSchema.safeParse(JSON.parse(row.features));
  return { features: parsed.success ? parsed.data : null, quotesGone: row.gone === 1 };
}

export function storedCall(db: Database.Database, callId: string): ExplainedCall {
  return explainedCallOf(db.prepare(`SELECT ${STORED_CALL_COLUMNS} FROM calls c WHERE c.call_id = ?`).get(callId) as StoredCallRow | undefined);
}

export const QUOTE_DELETED = { kind: 'none', note: 'quote deleted with the transcript (retention)' } as const satisfies CriterionEvidence;

const CHANGED: CriterionEvidence[] = [{ kind: 'none', note: 'the call changed after it was scored; re-score it to see why' }];

/**
 * The explanation of a stored score, built when it is read: outcomes and points from the stored
 * code and the rubric version the score was made with; the evidence (quote, value, LLM answer) from
 * judging the criterion again on the call's stored features and cached LLM answers, exactly as the
 * scorer did. Scores are rewritten whenever features are, so the two agree; should they not, the
 * stored outcome stands and the evidence says the call changed. A row without a code yet (scored
 * before migration 0220, until the start-up's re-score) is explained wholly from its features.
 * Once retention deleted the call's transcript, quotes of it are not shown.
 */
export function explainStoredScore(
  db: Database.Database,
  callId: string,
  stored: StoredRubric,
  code: string,
  { features, quotesGone }: ExplainedCall,
): CriterionResult[] {
  const outcomes = decodeOutcomes(stored.rubric, code);
  if (!outcomes && !features) return [];
  const llm = features ? cachedLlmVerdicts(db, callId, stored) : undefined;
  return stored.rubric.criteria.map((c, j) => {
    const verdict = features ? evaluateCriterion(c, features, llm) : null;
    const outcome = outcomes?.[j] ?? (verdict as CriterionVerdict).outcome;
    const judged = verdict && verdict.outcome === outcome ? verdict.evidence : CHANGED;
    const evidence = quotesGone ? judged.map((e) => (e.kind === 'quote' ? QUOTE_DELETED : e)) : judged;
    return { id: c.id, type: c.type, description: c.description, outcome, ...pointsFor(c, outcome), evidence };
  });
}
