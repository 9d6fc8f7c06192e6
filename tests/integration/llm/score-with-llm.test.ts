import { afterEach, describe, expect, it } from 'vitest';
import { analyseAndStoreCall } from '../../../electron/analysis/analyse-and-store';
import { createDefaultSteps } from '../../../electron/core/default-steps';
import type { Db } from '../../../electron/db/open';
import { createStageHandlers } from '../../../electron/jobs/pipeline';
import { openAiConfig, openAiSettingsFromEnv, type OpenAiConfig } from '../../../electron/llm/openai-settings';
import { rescoreAll } from '../../../electron/scoring/rescore-all';
import { saveRubricVersion } from '../../../electron/scoring/rubric-store';
import { EnvSecretStore } from '../../../electron/secrets/env-secret-store';
import { callScores } from '../../../electron/review/call-scores';
import type { CriterionResultDto } from '../../../shared/api/review';
import { guardConnections } from '../../fixtures/servers/connection-guard';
import { FakeOpenAi } from '../../fixtures/servers/openai-server';
import { bookingTranscript, dbWithTranscribedCall } from './transcribed-call-db';

/**
 * The score step end to end with an "LLM question" criterion: asked (via the recorded-shapes
 * server) only when OpenAI is on, n/a when off, and re-scores served from the answer cache.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const QUESTION = 'Did the customer agree to book an installation?';
const LEAD_RUBRIC = {
  kind: 'lead',
  name: 'with a question',
  bands: { hot: 70, warm: 40 },
  criteria: [
    { id: 'pricing', type: 'phrase', phrases: ['price'], points: 10 },
    { id: 'booked', type: 'llm_question', question: QUESTION, points: 30 },
  ],
};

function dbWithAnalysedCall(): Db {
  const db = dbWithTranscribedCall(
    'cr-llmscore-',
    bookingTranscript('The price is 9,000. Shall I put you down for Tuesday?'),
    cleanups,
  );
  analyseAndStoreCall(db, 'C1');
  saveRubricVersion(db, LEAD_RUBRIC, 'test');
  return db;
}

/** Runs the pipeline's score stage as the job runner does: the async handler, then its write. */
async function scoreStage(db: Db, openAi: () => Promise<OpenAiConfig | null>): Promise<void> {
  const steps = createDefaultSteps({ openAi });
  cleanups.push(() => steps.close());
  const write = await createStageHandlers(steps).score({ db, callId: 'C1', signal: new AbortController().signal, progress: () => undefined });
  write();
}

/** The criterion as the review view explains the stored lead score. */
function booked(db: Db): CriterionResultDto | undefined {
  return callScores(db, 'C1').find((s) => s.kind === 'lead')?.criteria.find((c) => c.id === 'booked');
}

const askedBooked = (server: FakeOpenAi): number => server.requests.filter((r) => r.body.messages.some((m) => m.content.includes(QUESTION))).length;

describe('score step with LLM questions', () => {
  it('on: the question earns its points with the quote as evidence; off afterwards: re-scores reuse the cached answer, 0 requests', async () => {
    const server = new FakeOpenAi((body) =>
      body.messages.some((m) => m.content.includes(QUESTION))
        ? { content: JSON.stringify({ answer: 'yes', quote: 'we decided to go ahead', confidence: 0.9 }), promptTokens: 400, completionTokens: 30 }
        : { content: JSON.stringify({ answer: 'unclear', quote: '', confidence: 0.2 }) },
    );
    await server.start();
    cleanups.push(() => server.stop());
    const env = { CALLRANK_OPENAI: 'on', OPENAI_API_KEY: 'sk-test', CALLRANK_OPENAI_BASE_URL: server.baseURL };
    const db = dbWithAnalysedCall();

    await scoreStage(db, () => openAiConfig(openAiSettingsFromEnv(env), new EnvSecretStore(env)));
    const expected = { outcome: 'met', points: 30, maxPoints: 30, evidence: [{ kind: 'quote', quote: 'we decided to go ahead', start: 5, speaker: 'customer' }] };
    expect(booked(db)).toMatchObject(expected);
    expect(askedBooked(server)).toBe(1);
    const sent = server.requests.length;

    const guard = guardConnections();
    cleanups.push(() => guard.restore());
    await scoreStage(db, async () => null);
    expect(booked(db)).toMatchObject(expected);
    rescoreAll(db);
    expect(booked(db)).toMatchObject(expected);
    expect(server.requests.length - sent).toBe(0);
    expect(guard.attempts).toEqual([]);

    // A new rubric version that asks the same question (a weight moved elsewhere) keeps its answer:
    // re-scored from the cache, and the score step with OpenAI on asks nothing again.
    const reweighted = { ...LEAD_RUBRIC, criteria: [{ ...LEAD_RUBRIC.criteria[0], points: 20 }, LEAD_RUBRIC.criteria[1]] };
    saveRubricVersion(db, reweighted, 'test');
    rescoreAll(db);
    expect(booked(db)).toMatchObject(expected);
    guard.restore();
    await scoreStage(db, () => openAiConfig(openAiSettingsFromEnv(env), new EnvSecretStore(env)));
    expect(booked(db)).toMatchObject(expected);
    expect(askedBooked(server)).toBe(1);

    // A reworded question is another question: not applicable in a re-score until it is asked,
    // and asked (once) by the score step.
    const reworded = 'Did the customer book an installation date?';
    const rewordedRubric = { ...reweighted, criteria: [reweighted.criteria[0], { ...LEAD_RUBRIC.criteria[1], question: reworded }] };
    saveRubricVersion(db, rewordedRubric, 'test');
    rescoreAll(db);
    expect(booked(db)).toMatchObject({ outcome: 'not_applicable', points: 0, maxPoints: 0 });
    await scoreStage(db, () => openAiConfig(openAiSettingsFromEnv(env), new EnvSecretStore(env)));
    expect(server.requests.filter((r) => r.body.messages.some((m) => m.content.includes(reworded)))).toHaveLength(1);
  });

  it('off: the question is not applicable and no connection is opened', async () => {
    const db = dbWithAnalysedCall();
    const guard = guardConnections();
    cleanups.push(() => guard.restore());
    await scoreStage(db, async () => null);
    expect(booked(db)).toMatchObject({ outcome: 'not_applicable', points: 0, maxPoints: 0 });
    rescoreAll(db);
    expect(booked(db)).toMatchObject({ outcome: 'not_applicable', points: 0, maxPoints: 0 });
    expect(guard.attempts).toEqual([]);
  });
});
