import { afterEach, describe, expect, it } from 'vitest';
import { parseRubric } from '../../../shared/scoring/rubric';
import type { Db } from '../../../electron/db/open';
import { llmVerdictsForCall } from '../../../electron/llm/call-llm-verdicts';
import { openAiConfig, openAiSettingsFromEnv } from '../../../electron/llm/openai-settings';
import { EnvSecretStore } from '../../../electron/secrets/env-secret-store';
import { FakeOpenAi } from '../../fixtures/servers/openai-server';
import { bookingTranscript, dbWithTranscribedCall } from './transcribed-call-db';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const rubric = {
  version: 4,
  rubric: parseRubric({
    kind: 'lead',
    name: 'with a question',
    bands: { hot: 70, warm: 40 },
    criteria: [
      { id: 'pricing', type: 'phrase', phrases: ['price'], points: 10 },
      { id: 'booked', type: 'llm_question', question: 'Did the customer agree to book an installation?', points: 30 },
    ],
  }),
};

function dbWithCall(): Db {
  const db = dbWithTranscribedCall('cr-llmcall-', bookingTranscript('Shall I put you down for Tuesday?'), cleanups);
  const now = new Date().toISOString();
  db.prepare('INSERT INTO calls (call_id, created_at, updated_at) VALUES (?, ?, ?)').run('C2', now, now);
  return db;
}

describe('LLM questions for the score step', () => {
  it('answers only the llm_question criteria, with the quote located in the transcript; a re-score is served from the cache', async () => {
    const server = new FakeOpenAi(() => ({ content: JSON.stringify({ answer: 'yes', quote: 'we decided to go ahead', confidence: 0.9 }), promptTokens: 400, completionTokens: 30 }));
    await server.start();
    cleanups.push(() => server.stop());
    const env = { CALLRANK_OPENAI: 'on', OPENAI_API_KEY: 'sk-test', CALLRANK_OPENAI_BASE_URL: server.baseURL };
    const config = await openAiConfig(openAiSettingsFromEnv(env), new EnvSecretStore(env));
    const db = dbWithCall();

    const first = await llmVerdictsForCall(db, 'C1', rubric, config);
    expect([...first.verdicts.keys()]).toEqual(['booked']);
    expect(first.verdicts.get('booked')).toEqual({ outcome: 'met', evidence: [{ kind: 'quote', quote: 'we decided to go ahead', start: 5, speaker: 'customer' }] });
    expect(server.requests).toHaveLength(1);

    const again = await llmVerdictsForCall(db, 'C1', rubric, config);
    expect(again.results.map((r) => r.status)).toEqual(['cached']);
    expect(server.requests).toHaveLength(1);

    const untranscribed = await llmVerdictsForCall(db, 'C2', rubric, config);
    expect(untranscribed.verdicts.get('booked')).toEqual({ outcome: 'not_applicable', evidence: [{ kind: 'none', note: 'no transcript to ask about' }] });
    expect(server.requests).toHaveLength(1);
  });

  it('with OpenAI off every question is not applicable and nothing is sent', async () => {
    const db = dbWithCall();
    const off = await llmVerdictsForCall(db, 'C1', rubric, null);
    expect(off.verdicts.get('booked')?.outcome).toBe('not_applicable');
    expect(off.results.map((r) => r.status)).toEqual(['off']);
  });
});
