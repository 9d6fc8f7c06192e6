import type Database from 'better-sqlite3';
import { stmt } from '../db/statements';
import { callFeaturesSchema, type CallFeatures } from '../../shared/scoring/call-features';
import type { RubricKind } from '../../shared/scoring/rubric';
import type { ScoreResult } from '../../shared/scoring/score-result';
import { cachedLlmVerdicts } from '../llm/cached-llm-verdicts';
import type { LlmVerdicts } from './evaluate-criterion';
import { refreshLeadScore } from './lead-score';
import { loadActiveRubrics, type StoredRubric } from './rubric-store';
import { scoreCallFeatures } from './score-call';
import { ensureScoringSchema } from './scoring-schema';
import { encodeOutcomes } from './stored-outcomes';

/** The one way a score row is written; the explanation is not stored but built when read (stored-explanation.ts). */
export const UPSERT_SCORE = `
  INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, outcomes, scored_at)
  VALUES (@call_id, @kind, @rubric_id, @score, @band, @qualified, @outcomes, @scored_at)
  ON CONFLICT (call_id, kind) DO UPDATE SET
    rubric_id = excluded.rubric_id, score = excluded.score, band = excluded.band,
    qualified = excluded.qualified, outcomes = excluded.outcomes, scored_at = excluded.scored_at`;

export interface ScoreRow {
  call_id: string;
  kind: RubricKind;
  rubric_id: number;
  score: number;
  band: string;
  qualified: 0 | 1;
  /** One character per criterion (stored-outcomes.ts). */
  outcomes: string;
  scored_at: string;
}

export function scoreRow(callId: string, stored: StoredRubric, result: ScoreResult, scoredAt: string): ScoreRow {
  return {
    call_id: callId,
    kind: result.kind,
    rubric_id: stored.rubricId,
    score: result.score,
    band: result.band,
    qualified: result.qualified ? 1 : 0,
    outcomes: encodeOutcomes(result.criteria),
    scored_at: scoredAt,
  };
}

export function readFeatures(db: Database.Database, callId: string): { features: CallFeatures; leadId: string | null } {
  const row = stmt(db, 'SELECT features, lead_id FROM calls WHERE call_id = ?').get(callId) as
    | { features: string | null; lead_id: string | null }
    | undefined;
  if (!row) throw new Error(`call ${callId} not found`);
  if (row.features === null) throw new Error(`call ${callId} has no features yet: analyse it first`);
  return { features: callFeaturesSchema.parse(JSON.parse(row.features)), leadId: row.lead_id };
}

/** LLM question verdicts per rubric, keyed by rubric_id (a rubric edited meanwhile simply has none). */
export type LlmVerdictsByRubric = ReadonlyMap<number, LlmVerdicts>;

/**
 * Scores the call's stored features with every active rubric, upserts the scores and the lead's score. Safe to repeat.
 * `llm` holds verdicts the score step fetched beforehand; a rubric without them reads the LLM answer cache
 * (offline, synchronous), so re-scoring never calls the network and reproduces the earlier answers.
 */
export function scoreAndStoreCall(db: Database.Database, callId: string, llm?: LlmVerdictsByRubric): ScoreResult[] {
  ensureScoringSchema(db);
  const { features, leadId } = readFeatures(db, callId);
  const rubrics = loadActiveRubrics(db);
  const now = new Date().toISOString();
  const upsert = stmt(db, UPSERT_SCORE);
  return db.transaction(() => {
    const results = rubrics.map((stored) => {
      const result = scoreCallFeatures(features, stored.rubric, llm?.get(stored.rubricId) ?? cachedLlmVerdicts(db, callId, stored));
      upsert.run(scoreRow(callId, stored, result, now));
      return result;
    });
    if (leadId) refreshLeadScore(db, leadId);
    return results;
  })();
}
