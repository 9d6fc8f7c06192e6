import { transcriptSchema } from '../../shared/transcript';
import type { Rubric } from '../../shared/scoring/rubric';
import type { Db } from '../db/open';
import { verdictFor, type LlmVerdict } from './llm-verdicts';
import type { OpenAiConfig } from './openai-settings';
import { answerLlmQuestions, type LlmQuestionResult, type TranscriptTurn } from './rubric-questions';

export interface CallLlmVerdicts {
  /** By criterion id: what the rubric engine should use instead of its own "not applicable". */
  verdicts: Map<string, LlmVerdict>;
  results: LlmQuestionResult[];
}

/** The stored transcript as the turns a question is asked about; none before transcription. */
export function transcriptTurns(db: Db, callId: string): TranscriptTurn[] {
  const row = db.prepare('SELECT transcript FROM calls WHERE call_id = ?').get(callId) as { transcript: string | null } | undefined;
  if (!row?.transcript) return [];
  const t = transcriptSchema.safeParse(JSON.parse(row.transcript));
  return t.success ? t.data.segments.map((s) => ({ speaker: s.speaker, start: s.start, text: s.text })) : [];
}

/**
 * Answers a rubric's "LLM question" criteria for one call, for the score step to hand to the
 * rubric engine. Async because it may call OpenAI, so it runs before the (synchronous) engine;
 * with OpenAI off every verdict is "not applicable" and nothing is sent. The cache key holds
 * the rubric's kind and version, so re-scoring with the same rubric is reproducible and free.
 */
export async function llmVerdictsForCall(db: Db, callId: string, rubric: { version: number; rubric: Rubric }, config: OpenAiConfig | null): Promise<CallLlmVerdicts> {
  const questions = rubric.rubric.criteria.flatMap((c) => (c.type === 'llm_question' ? [{ criterionId: c.id, question: c.question }] : []));
  if (!questions.length) return { verdicts: new Map(), results: [] };
  const turns = transcriptTurns(db, callId);
  if (!turns.length) {
    const results: LlmQuestionResult[] = questions.map((q) => ({ criterionId: q.criterionId, status: 'error', reason: 'no transcript to ask about' }));
    return { verdicts: new Map(results.map((r) => [r.criterionId, verdictFor(r)])), results };
  }
  const results = await answerLlmQuestions(db, { callId, rubricVersion: `${rubric.rubric.kind}@${rubric.version}`, questions, turns, config });
  return { verdicts: new Map(results.map((r) => [r.criterionId, verdictFor(r)])), results };
}
