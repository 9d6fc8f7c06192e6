import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { DEFAULT_OPENAI_SETTINGS, type OpenAiConfig } from '../../../electron/llm/openai-settings';
import { answerLlmQuestions, type LlmQuestion } from '../../../electron/llm/rubric-questions';
import { OpenAiEngine } from '../../../electron/transcription/engines/openai/openai-engine';
import { watchProcessFaults, type ProcessFaults } from '../../fixtures/process-faults';
import { HostileServer, type HostileMode } from '../../fixtures/servers/hostile-server';
import { FakeOpenAi } from '../../fixtures/servers/openai-server';
import { FakeWhisper } from '../../fixtures/servers/whisper-server';
import { tempDir } from '../../fixtures/temp';
import { plantedTurns } from '../llm/planted-transcript';
import { writeStereoCall } from '../transcription/stereo-call';

/** The reason each failing mode must give (after "OpenAI ... failed: "). */
const REASONS: Partial<Record<HostileMode, RegExp>> = {
  truncated: /the connection to 127\.0\.0\.1:\d+ closed after [\d.]+ (bytes|KiB) of/,
  'wrong-length': /OpenAI: the answer is not JSON/,
  reset: /the connection to 127\.0\.0\.1:\d+ (was reset|closed) after/,
  // The SDK's own timeout (the questions' timeoutMs) may end it first, in its words.
  slow: /the answer from 127\.0\.0\.1:\d+ (came too slowly|did not complete)|Request timed out/,
  'redirect-loop': /redirected \(HTTP 302\) .*: a POST is not re-sent elsewhere/,
  'redirect-away': /redirected \(HTTP 302\) to http:\/\/127\.0\.0\.1:\d+.*: a POST is not re-sent elsewhere/,
  huge: /the answer from 127\.0\.0\.1:\d+ is larger than 8\.0 MiB; refused/,
  'invalid-json': /OpenAI: the answer is not JSON \(\d+ bytes\)/,
  'html-200': /OpenAI: the server sent an HTML page instead of JSON \("502 Bad Gateway"\)/,
  unauthorized: /401/,
};
const FAILING = Object.entries(REASONS) as [HostileMode, RegExp][];
const LIMITS = { deadlineMs: 1500, lowSpeed: { bytesPerSecond: 64, windowMs: 400 } };

let faults: ProcessFaults;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  faults.stop();
  for (const c of cleanups.splice(0).reverse()) await c();
  expect(faults.faults).toEqual([]);
});

describe('rubric questions against a hostile server', () => {
  const questions: LlmQuestion[] = [
    { criterionId: 'booked', question: 'Did the customer agree to book an installation?' },
    { criterionId: 'competitor', question: 'Did the customer mention a competitor?' },
  ];

  async function bed(maxRetries: number): Promise<{ hostile: HostileServer; ask: () => ReturnType<typeof answerLlmQuestions>; answers: () => number }> {
    faults = watchProcessFaults();
    const openai = new FakeOpenAi(() => ({ content: JSON.stringify({ answer: 'yes', quote: 'we decided to go ahead', confidence: 0.9 }) }));
    await openai.start();
    const hostile = new HostileServer(() => openai.baseURL);
    await hostile.start();
    const tmp = tempDir('cr-hostile-llm-');
    const db = openDatabase(join(tmp.path, 'x.db'));
    cleanups.push(
      () => tmp.cleanup(),
      () => void db.close(),
      () => openai.stop(),
      () => hostile.stop(),
    );
    const now = new Date().toISOString();
    db.prepare('INSERT INTO calls (call_id, created_at, updated_at) VALUES (?, ?, ?)').run('C1', now, now);
    const config: OpenAiConfig = { ...DEFAULT_OPENAI_SETTINGS, enabled: true, apiKey: 'sk-hostile', baseURL: hostile.baseUrl, timeoutMs: 1500, maxRetries };
    return {
      hostile,
      ask: () => answerLlmQuestions(db, { callId: 'C1', rubricVersion: 'lead@1', questions, turns: plantedTurns, config }),
      answers: () => (db.prepare('SELECT COUNT(*) AS n FROM llm_answers').get() as { n: number }).n,
    };
  }

  it.each(FAILING)('%s on the second question: it fails with the reason, the first is answered; a re-ask completes', async (mode, reason) => {
    const { hostile, ask, answers } = await bed(0);
    hostile.mode = mode;
    hostile.target = (r) => r.n === 2;
    const first = await ask();
    expect(first.map((r) => r.status)).toEqual(['answered', 'error']);
    expect(first[1]).toMatchObject({ criterionId: 'competitor', reason: expect.stringMatching(/^OpenAI question failed: /) });
    expect(first[1]?.status === 'error' && first[1].reason).toMatch(reason);
    expect(answers()).toBe(1);
    if (mode === 'redirect-away') expect(hostile.awaySeen).toEqual([]);

    hostile.heal();
    const again = await ask();
    expect(again.map((r) => r.status)).toEqual(['cached', 'answered']);
    expect(answers()).toBe(2);
  });

  it.each(['http10-close', 'retry-after-date'] as const)('%s: both questions answered', async (mode) => {
    const { hostile, ask } = await bed(1);
    hostile.mode = mode;
    const results = await ask();
    expect(results.map((r) => r.status)).toEqual(['answered', 'answered']);
    if (mode === 'retry-after-date') expect(hostile.seen.filter((r) => r.mode === 'retry-after-date')).toHaveLength(3);
  });
});

describe('Whisper transcription against a hostile server', () => {
  const whisper = new FakeWhisper();
  let dir: string;
  let call: string;

  beforeAll(async () => {
    await whisper.start();
    dir = await mkdtemp(join(tmpdir(), 'cr-hostile-whisper-'));
    call = join(dir, 'call.wav');
    await writeStereoCall(call);
  });
  afterAll(async () => {
    await whisper.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function hostileWhisper(): Promise<HostileServer> {
    faults = watchProcessFaults();
    const hostile = new HostileServer(() => new URL(whisper.baseURL).origin);
    await hostile.start();
    cleanups.push(() => hostile.stop());
    return hostile;
  }

  const engine = (hostile: HostileServer, maxRetries: number): OpenAiEngine =>
    new OpenAiEngine({ apiKey: 'sk-hostile', baseURL: `${hostile.baseUrl}/v1`, maxPieceS: 5, maxRetries, limits: LIMITS });

  it.each(FAILING)('%s on the uploads: the transcription fails with the reason; a healed retry transcribes', async (mode, reason) => {
    const hostile = await hostileWhisper();
    hostile.mode = mode;
    hostile.target = (r) => r.path.endsWith('/audio/transcriptions');
    const failed = engine(hostile, 0).transcribe({ filePath: call });
    await expect(failed).rejects.toMatchObject({ name: 'TranscriptionError', code: 'engine-failed', message: expect.stringMatching(/^OpenAI transcription failed: /) });
    await expect(failed).rejects.toThrow(reason);
    if (mode === 'redirect-away') expect(hostile.awaySeen).toEqual([]);

    hostile.heal();
    const transcript = await engine(hostile, 0).transcribe({ filePath: call });
    expect(transcript.segments.map((s) => s.speaker)).toEqual(['agent', 'agent', 'customer', 'customer']);
  });

  it.each(['http10-close', 'retry-after-date'] as const)('%s: transcribed', async (mode) => {
    const hostile = await hostileWhisper();
    hostile.mode = mode;
    const transcript = await engine(hostile, 1).transcribe({ filePath: call });
    expect(transcript.segments).toHaveLength(4);
  });
});
