import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { answerLlmQuestions } from '../../../electron/llm/rubric-questions';
import { guardConnections, type ConnectionGuard } from '../../fixtures/servers/connection-guard';
import { startPrism, type PrismServer } from '../../fixtures/servers/prism';
import { startRecordingProxy } from '../../fixtures/servers/recording-proxy';
import { SetUp } from '../../fixtures/set-up';
import { tempDir } from '../../fixtures/temp';
import { leaks, plantedTurns } from './planted-transcript';

interface Servers {
  proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  guard: ConnectionGuard;
}
const servers = new SetUp<Servers>();
// Kept apart from the set-up's value so afterAll stops Prism even when the proxy failed to start.
let prism: PrismServer | undefined;
const tmp = tempDir('cr-oaprism-');

beforeAll(
  () =>
    servers.start(async () => {
      prism = await startPrism('openai_openapi.yaml');
      const proxy = await startRecordingProxy(prism.baseUrl);
      return { proxy, guard: guardConnections() };
    }),
  180_000,
);
afterAll(async () => {
  servers.started()?.guard.restore();
  await servers.started()?.proxy.stop();
  await prism?.stop();
  tmp.cleanup();
});

describe('LLM questions against Prism serving openai_openapi.yaml', () => {
  it('starts Prism on the official spec, behind a recording proxy', async () => {
    await expect(servers.get()).resolves.toHaveProperty('proxy.baseURL');
  });

  it('sends requests the official spec accepts, with every planted card number and SSN removed', async () => {
    const { proxy, guard } = await servers.get();
    const db = openDatabase(join(tmp.path, 'x.db'));
    try {
      const config = { enabled: true, questionModel: 'gpt-4o-2024-08-06', baseURL: proxy.baseURL, timeoutMs: 30_000, maxRetries: 0, apiKey: 'sk-prism' };
      const results = await answerLlmQuestions(db, {
        callId: null,
        rubricVersion: 'lead@1',
        questions: [{ criterionId: 'booked', question: 'Did the customer agree to book an installation?' }],
        turns: plantedTurns,
        config,
      });
      const chat = proxy.exchanges.filter((e) => e.path === '/chat/completions');
      expect(chat).toHaveLength(1);
      // Prism answers 401 without the bearer key and 404/405 off the spec's routes; the body is checked against the schema below.
      expect(chat[0]?.status).toBe(200);
      const sent = JSON.parse(chat[0]?.requestBody ?? '{}') as { response_format: { type: string }; messages: { content: string }[] };
      expect(sent.response_format.type).toBe('json_schema');
      expect(leaks(chat[0]?.requestBody ?? '')).toEqual([]);
      expect(sent.messages[1]?.content.match(/\[CARD NUMBER\]/g)).toHaveLength(5);
      expect(sent.messages[1]?.content.match(/\[SSN\]/g)).toHaveLength(3);
      // Prism's canned example is not our JSON shape: the question is reported, not guessed.
      expect(results[0]?.status).toBe('error');
      expect(guard.outbound).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('Prism checks the route and the bearer key (it does not check this endpoint\'s body: see the schema test below)', async () => {
    const { proxy } = await servers.get();
    const res = await fetch(`${proxy.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
  });
});

describe('LLM request bodies against the CreateChatCompletionRequest schema of openai_openapi.yaml', () => {
  it('the body we send is valid, and the validator is not a rubber stamp', async () => {
    const { proxy } = await servers.get();
    const { specSchemaValidator } = await import('../../fixtures/servers/openapi-validator');
    const validate = specSchemaValidator('openai_openapi.yaml', 'CreateChatCompletionRequest');
    const chat = proxy.exchanges.find((e) => e.path === '/chat/completions' && e.requestBody.includes('json_schema'));
    const body: unknown = JSON.parse(chat?.requestBody ?? '{}');
    expect(validate(body), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate({})).toBe(false);
    expect(validate({ model: 'gpt-4o', messages: [{ role: 'bogus', content: 'x' }] })).toBe(false);
    expect(validate({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema' } })).toBe(false);
  });
});
