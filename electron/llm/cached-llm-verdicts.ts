import type { Rubric } from '../../shared/scoring/rubric';
import { stmt } from '../db/statements';
import type { Db } from '../db/open';
import { transcriptTurns } from './call-llm-verdicts';
import { verdictFor, type LlmVerdict } from './llm-verdicts';
import { questionMessages, readCachedAnswer, redactTranscript } from './rubric-questions';

/** What a rubric version is called in the answer cache (must match what the score step asks with). */
export function rubricCacheVersion(rubric: { version: number; rubric: Rubric }): string {
  return `${rubric.rubric.kind}@${rubric.version}`;
}

const noAnswer = (note: string): LlmVerdict => ({ outcome: 'not_applicable', evidence: [{ kind: 'none', note }] });

/**
 * A rubric's "LLM question" verdicts for one call from the answer cache only: synchronous and
 * offline, so a re-score (bulk, or the score step with OpenAI off) is reproducible and free.
 * The cache key is rebuilt exactly as when the question was asked (same redacted prompt, the
 * model that answered, the rubric version it was asked under), so a changed transcript or a
 * reworded question finds nothing and the criterion is not applicable; the same question under a
 * later rubric version finds its answer. Returns an empty map when the rubric asks nothing.
 */
export function cachedLlmVerdicts(db: Db, callId: string, rubric: { version: number; rubric: Rubric }): Map<string, LlmVerdict> {
  const questions = rubric.rubric.criteria.flatMap((c) => (c.type === 'llm_question' ? [{ id: c.id, question: c.question }] : []));
  if (!questions.length) return new Map();
  const version = rubricCacheVersion(rubric);
  // Models that answered this call's questions, under any rubric version: the only keys worth
  // rebuilding. An answer carries over to a later version that asks the identical question.
  const models = stmt(db, 'SELECT DISTINCT model FROM llm_answers WHERE call_id = ?').pluck().all(callId) as string[];
  if (!models.length) return new Map(questions.map((q) => [q.id, noAnswer('no cached LLM answer for this call')]));
  const transcript = redactTranscript(transcriptTurns(db, callId));
  return new Map(
    questions.map((q) => {
      const messages = questionMessages(q.question, transcript.text);
      for (const model of models) {
        const hit = readCachedAnswer(db, callId, model, version, messages);
        if (hit) return [q.id, verdictFor({ criterionId: q.id, status: 'cached', ...hit })];
      }
      return [q.id, noAnswer('no cached LLM answer to this question about this transcript')];
    }),
  );
}
