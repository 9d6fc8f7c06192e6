import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/open';
import { openAiTransport } from '../net/openai-transport';
import { reasonOf } from '../net/outbound-fetch';
import type { OpenAiConfig } from './openai-settings';
import { costUsd } from './pricing';
import { redactForOutbound } from '../redaction/redact-turns';

/**
 * Rubric criteria of type "llm_question": each question is put to a GPT-4o-class model with
 * the (redacted) transcript, and must come back in a fixed JSON shape (structured outputs)
 * with a verbatim quote as evidence and a confidence. A quote that is not really in the
 * transcript makes the answer unusable rather than trusted.
 */

export interface TranscriptTurn {
  speaker: string;
  start: number;
  text: string;
}

export interface LlmQuestion {
  criterionId: string;
  question: string;
}

export const llmAnswerSchema = z.object({
  answer: z.enum(['yes', 'no', 'unclear']),
  quote: z.string(),
  confidence: z.number(),
});

export interface LlmAnswer extends z.infer<typeof llmAnswerSchema> {
  /** Where the quote was found in the transcript, or null when it was not found verbatim. */
  at: { speaker: string; start: number } | null;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export type LlmQuestionResult =
  | { criterionId: string; status: 'answered' | 'cached'; answer: LlmAnswer; usage: LlmUsage; redactions: number }
  | { criterionId: string; status: 'off'; reason: string }
  | { criterionId: string; status: 'error'; reason: string };

/** The JSON Schema the model must fill (strict mode: every property required, nothing extra). */
export const ANSWER_JSON_SCHEMA = {
  type: 'object',
  properties: {
    answer: { type: 'string', enum: ['yes', 'no', 'unclear'] },
    quote: { type: 'string', description: 'A passage copied character for character from the transcript that supports the answer; empty if none.' },
    confidence: { type: 'number', description: 'How sure the answer is, from 0 to 1.' },
  },
  required: ['answer', 'quote', 'confidence'],
  additionalProperties: false,
} as const;

const SYSTEM_PROMPT =
  'You review a contact-center call transcript and answer one yes/no question about it. ' +
  'Answer only from what the transcript says. As evidence, copy one short passage from the transcript exactly as written ' +
  '(same words, same spelling; do not include the time or speaker prefix). If the transcript does not settle the question, ' +
  'answer "unclear" with an empty quote. Give your confidence from 0 to 1. Redacted details appear as [CARD NUMBER], [SSN] and similar.';

function clock(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

export interface RedactedTranscript {
  turns: TranscriptTurn[];
  text: string;
  redactions: number;
}

export function redactTranscript(turns: readonly TranscriptTurn[]): RedactedTranscript {
  // One pass over the whole conversation: a number read out across turns is found as one.
  const r = redactForOutbound(turns);
  const clean = turns.map((t, i) => ({ ...t, text: r.texts[i] ?? t.text }));
  return { turns: clean, text: clean.map((t) => `[${clock(t.start)}] ${t.speaker}: ${t.text}`).join('\n'), redactions: r.count };
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Finds the quote in a turn, allowing only whitespace and letter-case differences. */
export function locateQuote(quote: string, turns: readonly TranscriptTurn[]): { speaker: string; start: number } | null {
  const q = squash(quote.replace(/^["“]|["”]$/g, ''));
  if (q.length < 3) return null;
  const turn = turns.find((t) => squash(t.text).includes(q));
  return turn ? { speaker: turn.speaker, start: turn.start } : null;
}

export interface AskOptions {
  callId: string | null;
  /** Identifies the rubric version, e.g. "lead@7"; part of the cache key. */
  rubricVersion: string;
  questions: readonly LlmQuestion[];
  turns: readonly TranscriptTurn[];
  /** null when OpenAI is off: nothing is built, nothing is sent. */
  config: OpenAiConfig | null;
}

/** The prompt for one question; the cache key is made from it, so a cache reader must build it the same way. */
export function questionMessages(question: string, transcriptText: string): [{ role: 'system'; content: string }, { role: 'user'; content: string }] {
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: `Question: ${redactForOutbound([{ speaker: '', text: question }]).texts[0] ?? ''}\n\nTranscript:\n${transcriptText}` },
  ];
}

export function cacheKey(model: string, rubricVersion: string, messages: unknown): string {
  return createHash('sha256').update(JSON.stringify({ model, rubricVersion, messages, schema: ANSWER_JSON_SCHEMA })).digest('hex');
}

export function readCache(db: Db, key: string): { answer: LlmAnswer; usage: LlmUsage; redactions: number } | null {
  const row = db.prepare('SELECT answer, prompt_tokens, completion_tokens, cost_usd, redactions FROM llm_answers WHERE cache_key = ?').get(key) as
    | { answer: string; prompt_tokens: number; completion_tokens: number; cost_usd: number; redactions: number }
    | undefined;
  if (!row) return null;
  return {
    answer: JSON.parse(row.answer) as LlmAnswer,
    usage: { promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens, costUsd: row.cost_usd },
    redactions: row.redactions,
  };
}

/**
 * The cached answer of `model` to exactly these messages about this call: asked under
 * `rubricVersion`, else under another version (newest first) that put the same question. The key
 * covers the whole prompt (question and redacted transcript), so only an identical question finds
 * an answer: a new version that changed weights or bands neither asks nor pays again, nor loses
 * its LLM-judged points, while a reworded question is asked anew.
 */
export function readCachedAnswer(
  db: Db,
  callId: string | null,
  model: string,
  rubricVersion: string,
  messages: unknown,
): { answer: LlmAnswer; usage: LlmUsage; redactions: number } | null {
  const own = readCache(db, cacheKey(model, rubricVersion, messages));
  if (own || callId === null) return own;
  const others = db
    .prepare(
      `SELECT rubric_version FROM llm_answers WHERE call_id = ? AND model = ? AND rubric_version <> ?
       GROUP BY rubric_version ORDER BY MAX(created_at) DESC`,
    )
    .pluck()
    .all(callId, model, rubricVersion) as string[];
  for (const version of others) {
    const hit = readCache(db, cacheKey(model, version, messages));
    if (hit) return hit;
  }
  return null;
}

export async function answerLlmQuestions(db: Db, opts: AskOptions): Promise<LlmQuestionResult[]> {
  const { config } = opts;
  if (!config) {
    return opts.questions.map((q) => ({ criterionId: q.criterionId, status: 'off', reason: 'OpenAI is off: LLM questions are not asked' }));
  }
  const transcript = redactTranscript(opts.turns);
  let transport;
  try {
    transport = openAiTransport(config.apiKey, config.baseURL, { headersTimeoutMs: config.timeoutMs, deadlineMs: config.timeoutMs });
  } catch (err) {
    return opts.questions.map((q) => ({ criterionId: q.criterionId, status: 'error', reason: `OpenAI question not asked: ${reasonOf(err)}` }));
  }
  // Loaded only once OpenAI is on: most teams never switch it on, and it is 80 ms of every start.
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({ ...transport, timeout: config.timeoutMs, maxRetries: config.maxRetries });
  const results: LlmQuestionResult[] = [];
  for (const q of opts.questions) {
    const messages = questionMessages(q.question, transcript.text);
    const key = cacheKey(config.questionModel, opts.rubricVersion, messages);
    const cached = readCachedAnswer(db, opts.callId, config.questionModel, opts.rubricVersion, messages);
    if (cached) {
      results.push({ criterionId: q.criterionId, status: 'cached', ...cached });
      continue;
    }
    try {
      const completion = await client.chat.completions.create({
        model: config.questionModel,
        messages,
        temperature: 0,
        response_format: { type: 'json_schema', json_schema: { name: 'rubric_answer', strict: true, schema: ANSWER_JSON_SCHEMA } },
      });
      if (!Array.isArray(completion?.choices)) throw new Error('the answer is not a chat completion (no choices)');
      const message = completion.choices[0]?.message;
      if (message?.refusal) throw new Error(`the model refused: ${message.refusal}`);
      let json: unknown;
      try {
        json = JSON.parse(message?.content ?? '');
      } catch {
        throw new Error(`the answer is not the required JSON: ${(message?.content ?? '').slice(0, 80)}`);
      }
      const parsed = llmAnswerSchema.safeParse(json);
      if (!parsed.success) throw new Error(`the answer does not have the required shape: ${parsed.error.issues[0]?.message}`);
      const answer: LlmAnswer = {
        ...parsed.data,
        confidence: Math.min(1, Math.max(0, parsed.data.confidence)),
        at: parsed.data.quote ? locateQuote(parsed.data.quote, transcript.turns) : null,
      };
      const promptTokens = completion.usage?.prompt_tokens ?? 0;
      const completionTokens = completion.usage?.completion_tokens ?? 0;
      const usage = { promptTokens, completionTokens, costUsd: costUsd(completion.model || config.questionModel, promptTokens, completionTokens) };
      db.prepare(
        `INSERT OR REPLACE INTO llm_answers (cache_key, call_id, rubric_version, criterion_id, model, answer, redactions, prompt_tokens, completion_tokens, cost_usd, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(key, opts.callId, opts.rubricVersion, q.criterionId, config.questionModel, JSON.stringify(answer), transcript.redactions, promptTokens, completionTokens, usage.costUsd, new Date().toISOString());
      results.push({ criterionId: q.criterionId, status: 'answered', answer, usage, redactions: transcript.redactions });
    } catch (err) {
      results.push({ criterionId: q.criterionId, status: 'error', reason: `OpenAI question failed: ${reasonOf(err)}` });
    }
  }
  return results;
}

/** Tokens and cost spent on a call's questions (cached answers were paid once, when first asked). */
export function llmCostOfCall(db: Db, callId: string): LlmUsage & { requests: number } {
  const r = db
    .prepare('SELECT COUNT(*) AS n, COALESCE(SUM(prompt_tokens),0) AS p, COALESCE(SUM(completion_tokens),0) AS c, COALESCE(SUM(cost_usd),0) AS usd FROM llm_answers WHERE call_id = ?')
    .get(callId) as { n: number; p: number; c: number; usd: number };
  return { requests: r.n, promptTokens: r.p, completionTokens: r.c, costUsd: r.usd };
}
