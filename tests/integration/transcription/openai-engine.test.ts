import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiEngine } from '../../../electron/transcription/engines/openai/openai-engine';
import { createTranscriber } from '../../../electron/transcription/index';
import { FakeWhisper } from '../../fixtures/servers/whisper-server';
import { writeStereoCall } from './stereo-call';

const server = new FakeWhisper();
const uploads = server.uploads;
let baseURL: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cr-openai-'));
  baseURL = await server.start();
});

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('OpenAI Whisper engine (against a local server speaking the documented API)', () => {
  it('uploads each stereo channel separately in pieces, skips silent pieces, and merges by time', async () => {
    const path = join(dir, 'call.wav');
    const times = await writeStereoCall(path);
    uploads.length = 0;
    const engine = new OpenAiEngine({ apiKey: 'sk-test', baseURL, maxPieceS: 5 });
    const transcript = await engine.transcribe({ filePath: path });

    expect(uploads.length).toBe(4); // agent: 0-5 s, 5-10 s; customer: 5-10 s, 10-14 s (the silent pieces are never sent)
    for (const u of uploads) {
      expect(u).toMatchObject({ sampleRate: 16_000, channels: 1, auth: 'Bearer sk-test' });
      expect(u.fields).toEqual({ model: ['whisper-1'], response_format: ['verbose_json'], granularity: ['word', 'segment'] });
      expect(u.seconds).toBeLessThanOrEqual(5);
    }
    expect(transcript).toMatchObject({ engine: 'openai', model: 'whisper-1', source: 'engine', durationS: 14 });
    const speakers = transcript.segments.map((s) => s.speaker);
    expect(speakers).toEqual(['agent', 'agent', 'customer', 'customer']);
    expect(transcript.segments.every((s) => s.text === 'hello there')).toBe(true);
    const [first] = transcript.segments;
    expect(first?.start).toBeGreaterThan(times.agentStart - 0.1);
    expect(first?.start).toBeLessThan(times.agentStart + 0.5);
    const customerFirst = transcript.segments.find((s) => s.speaker === 'customer');
    expect(customerFirst?.start).toBeGreaterThan(times.customerStart - 0.1);
    expect(customerFirst?.words?.map((w) => w.word)).toEqual(['hello', 'there']);
    expect(customerFirst?.words?.[0]?.start).toBeCloseTo(customerFirst?.start ?? -1, 3);
  });

  it('turns an API error into a readable engine error', async () => {
    server.failWith = 401;
    try {
      const engine = new OpenAiEngine({ apiKey: 'sk-wrong', baseURL });
      await expect(engine.transcribe({ filePath: join(dir, 'call.wav') })).rejects.toThrow(/OpenAI transcription failed: 401/);
    } finally {
      server.failWith = undefined;
    }
  });

  it('is off unless a key is given', () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      expect(() => createTranscriber({ engine: 'openai' })).toThrow(/OpenAI engine is off: no API key/);
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });
});
