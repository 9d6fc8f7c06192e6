import type { CriterionEvidence, CriterionOutcome } from '../../shared/scoring/score-result';
import type { LlmQuestionResult } from './rubric-questions';

/** Below this the model's own confidence is too low for its answer to move a score. */
export const MIN_CONFIDENCE = 0.5;

export interface LlmVerdict {
  outcome: CriterionOutcome;
  evidence: CriterionEvidence[];
}

/**
 * Turns an answer into what the rubric engine needs (the same shape as its own criterion
 * verdicts): "yes" with a verbatim quote is met, "no" is not met, anything unsure, unquoted
 * or unanswered is not applicable, so it neither earns nor costs points.
 */
export function verdictFor(r: LlmQuestionResult): LlmVerdict {
  if (r.status === 'off' || r.status === 'error') return { outcome: 'not_applicable', evidence: [{ kind: 'none', note: r.reason }] };
  const a = r.answer;
  const conf = `${a.answer}, confidence ${a.confidence.toFixed(2)}${r.status === 'cached' ? ', cached' : ''}`;
  if (a.answer === 'unclear') return { outcome: 'not_applicable', evidence: [{ kind: 'none', note: `LLM: ${conf}` }] };
  if (a.confidence < MIN_CONFIDENCE) return { outcome: 'not_applicable', evidence: [{ kind: 'none', note: `LLM unsure (${conf})` }] };
  if (a.answer === 'yes' && !a.at) {
    return { outcome: 'not_applicable', evidence: [{ kind: 'none', note: `LLM said yes but its quote is not in the transcript (${conf})` }] };
  }
  const evidence: CriterionEvidence[] = a.at
    ? [{ kind: 'quote', quote: a.quote, start: a.at.start, speaker: a.at.speaker }]
    : [{ kind: 'none', note: `LLM: ${conf}` }];
  return { outcome: a.answer === 'yes' ? 'met' : 'not_met', evidence };
}
