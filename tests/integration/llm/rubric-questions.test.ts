import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open';
import { verdictFor } from '../../../electron/llm/llm-verdicts';
import { openAiConfig, openAiSettingsFromEnv } from '../../../electron/llm/openai-settings';
import { answerLlmQuestions, llmCostOfCall, type LlmQuestion } from '../../../electron/llm/rubric-questions';
import { EnvSecretStore } from '../../../electron/secrets/env-secret-store';
import { guardConnections } from '../../fixtures/servers/connection-guard';
import { FakeOpenAi } from '../../fixtures/servers/openai-server';
import { tempDir } from '../../fixtures/temp';
import { leaks, plantedTurns } from './planted-transcript';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const questions: LlmQuestion[] = [
  { criterionId: 'booked', question: 'Did the customer agree to book an installation?' },
  { criterionId: 'competitor', question: 'Did the customer mention a competitor?' },
];

function freshDb(): Db {
  const tmp = tempDir('cr-llm-');
  const db = openDatabase(join(tmp.path, 'x.db'));
  cleanups.push(tmp.cleanup, () => void db.close());
  return db;
}

async function fakeOpenAi(): Promise<FakeOpenAi> {
  const server = new FakeOpenAi((body) => {
    const q = body.messages[1]?.content ?? '';
    return q.includes('book an installation')
      ? { content: JSON.stringify({ answer: 'yes', quote: 'we decided to go ahead', confidence: 0.93 }), promptTokens: 1000, completionTokens: 50 }
      : { content: JSON.stringify({ answer: 'no', quote: '', confidence: 0.8 }), promptTokens: 1000, completionTokens: 20 };
  });
  await server.start();
  cleanups.push(() => server.stop());
  return server;
}

describe('LLM rubric questions', () => {
  it('with OpenAI off (the default), nothing leaves the machine even with a key present', async () => {
    const server = await fakeOpenAi();
    const env = { OPENAI_API_KEY: 'sk-test-present', CALLRANK_OPENAI_BASE_URL: server.baseURL };
    const guard = guardConnections();
    cleanups.push(() => guard.restore());
    const db = freshDb();
    const config = await openAiConfig(openAiSettingsFromEnv(env), new EnvSecretStore(env));
    expect(config).toBeNull();
    const results = await answerLlmQuestions(db, { callId: null, rubricVersion: 'lead@1', questions, turns: plantedTurns, config });
    expect(results.map((r) => r.status)).toEqual(['off', 'off']);
    expect(verdictFor(results[0]!)).toEqual({ outcome: 'not_applicable', evidence: [{ kind: 'none', note: 'OpenAI is off: LLM questions are not asked' }] });
    expect(guard.attempts).toEqual([]);
    expect(guard.outbound).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('the guard itself works: a connection to a public address is seen and refused', async () => {
    const guard = guardConnections();
    cleanups.push(() => guard.restore());
    await expect(fetch('http://203.0.113.7:81/')).rejects.toThrow();
    expect(guard.outbound).toEqual(['203.0.113.7:81']);
  });

  it('with OpenAI on: structured-output requests, redacted transcript, verbatim evidence, cached answers, cost per call', async () => {
    const server = await fakeOpenAi();
    const env = { CALLRANK_OPENAI: 'on', OPENAI_API_KEY: 'sk-test-on', CALLRANK_OPENAI_BASE_URL: server.baseURL };
    const config = await openAiConfig(openAiSettingsFromEnv(env), new EnvSecretStore(env));
    const db = freshDb();
    const now = new Date().toISOString();
    db.prepare('INSERT INTO calls (call_id, created_at, updated_at) VALUES (?, ?, ?)').run('C1', now, now);
    const ask = () => answerLlmQuestions(db, { callId: 'C1', rubricVersion: 'lead@3', questions, turns: plantedTurns, config });
    const first = await ask();
    expect(first.map((r) => r.status)).toEqual(['answered', 'answered']);
    expect(server.requests).toHaveLength(2);
    for (const r of server.requests) {
      expect(r.auth).toBe('Bearer sk-test-on');
      expect(r.body.response_format?.type).toBe('json_schema');
      expect(r.body.response_format?.json_schema?.strict).toBe(true);
      expect(r.body.model).toBe('gpt-4o-2024-08-06');
      expect(leaks(JSON.stringify(r.body))).toEqual([]);
      expect(r.body.messages[1]?.content).toContain('[CARD NUMBER]');
      expect(r.body.messages[1]?.content).toContain('[SSN]');
    }
    expect(verdictFor(first[0]!)).toEqual({
      outcome: 'met',
      evidence: [{ kind: 'quote', quote: 'we decided to go ahead', start: 4.2, speaker: 'customer' }],
    });
    expect(verdictFor(first[1]!).outcome).toBe('not_met');
    // gpt-4o: $2.50 / 1M input, $10 / 1M output.
    expect(llmCostOfCall(db, 'C1')).toEqual({ requests: 2, promptTokens: 2000, completionTokens: 70, costUsd: (2000 * 2.5 + 70 * 10) / 1e6 });

    const again = await ask();
    expect(again.map((r) => r.status)).toEqual(['cached', 'cached']);
    expect(server.requests).toHaveLength(2); // a re-score sends nothing
    expect(verdictFor(again[0]!).outcome).toBe('met');
    // A new rubric version asking the same question (its weights changed, say) has its answer already.
    const later = await answerLlmQuestions(db, { callId: 'C1', rubricVersion: 'lead@4', questions: questions.slice(0, 1), turns: plantedTurns, config });
    expect(later.map((r) => r.status)).toEqual(['cached']);
    expect(server.requests).toHaveLength(2);
    // A reworded question is a new question.
    const reworded = [{ ...questions[0]!, question: `${questions[0]!.question} Answer for the whole call.` }];
    await answerLlmQuestions(db, { callId: 'C1', rubricVersion: 'lead@4', questions: reworded, turns: plantedTurns, config });
    expect(server.requests).toHaveLength(3);
  });

  it('distrusts a quote that is not in the transcript, retries a 429, and reports a malformed answer', async () => {
    const server = await fakeOpenAi();
    let n = 0;
    server.setResponder(() => {
      n++;
      if (n === 1) return { status: 429, headers: { 'retry-after-ms': '10' }, body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } } };
      if (n === 2) return { content: JSON.stringify({ answer: 'yes', quote: 'I signed the contract yesterday', confidence: 0.99 }) };
      return { content: 'Sure! The answer is yes.' };
    });
    const config = { enabled: true, questionModel: 'gpt-4o-mini', baseURL: server.baseURL, timeoutMs: 5000, maxRetries: 2, apiKey: 'sk-x' };
    const db = freshDb();
    const [invented, malformed] = await answerLlmQuestions(db, { callId: null, rubricVersion: 'qa@1', questions, turns: plantedTurns, config });
    expect(invented?.status).toBe('answered');
    expect(verdictFor(invented!)).toMatchObject({ outcome: 'not_applicable', evidence: [{ kind: 'none', note: expect.stringMatching(/quote is not in the transcript/) }] });
    expect(malformed).toMatchObject({ status: 'error', reason: expect.stringMatching(/not the required JSON/) });
    expect(server.requests).toHaveLength(3);
  });
});
