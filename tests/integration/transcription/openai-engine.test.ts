import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiEngine } from '../../../electron/transcription/engines/openai/openai-engine';
import { createTranscriber } from '../../../electron/transcription/index';
import { writeStereoCall } from './stereo-call';

interface Upload {
  fields: Record<string, string[]>;
  sampleRate: number;
  channels: number;
  seconds: number;
  auth: string | undefined;
}

let server: Server;
let baseURL: string;
let dir: string;
const uploads: Upload[] = [];
let failWith: number | undefined;

function field(body: string, name: string): string[] {
  const re = new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}"\\r\\n\\r\\n([^\\r]*)`, 'g');
  return [...body.matchAll(re)].map((m) => m[1] ?? '');
}

/** Answers like the documented verbose_json: one segment over the loud part of the upload, plus a made-up one Whisper flags as no-speech. */
function respond(wav: Buffer, at: number): object {
  const rate = wav.readUInt32LE(at + 24);
  const count = wav.readUInt32LE(at + 40) / 2;
  let first = -1;
  let last = -1;
  for (let i = 0; i < count; i++) {
    if (Math.abs(wav.readInt16LE(at + 44 + i * 2)) > 2000) {
      if (first < 0) first = i;
      last = i;
    }
  }
  const duration = count / rate;
  if (first < 0) return { task: 'transcribe', language: 'english', duration, text: '', segments: [], words: [] };
  const start = first / rate;
  const end = last / rate;
  const mid = (start + end) / 2;
  return {
    task: 'transcribe',
    language: 'english',
    duration,
    text: `hello there thanks for watching`,
    segments: [
      { id: 0, seek: 0, start, end, text: ' hello there', tokens: [1, 2], temperature: 0, avg_logprob: -0.2, compression_ratio: 1.1, no_speech_prob: 0.01 },
      { id: 1, seek: 0, start: end, end: duration, text: ' thanks for watching', tokens: [3], temperature: 0, avg_logprob: -1.4, compression_ratio: 1, no_speech_prob: 0.9 },
    ],
    words: [
      { word: 'hello', start, end: mid },
      { word: 'there', start: mid, end },
    ],
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cr-openai-'));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failWith) {
        res.writeHead(failWith, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }));
        return;
      }
      const body = Buffer.concat(chunks);
      const text = body.toString('latin1');
      const at = body.indexOf('RIFF');
      uploads.push({
        fields: { model: field(text, 'model'), response_format: field(text, 'response_format'), granularity: field(text, 'timestamp_granularities[]') },
        sampleRate: body.readUInt32LE(at + 24),
        channels: body.readUInt16LE(at + 22),
        seconds: body.readUInt32LE(at + 40) / 2 / body.readUInt32LE(at + 24),
        auth: req.headers.authorization,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(respond(body, at)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
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
    failWith = 401;
    try {
      const engine = new OpenAiEngine({ apiKey: 'sk-wrong', baseURL });
      await expect(engine.transcribe({ filePath: join(dir, 'call.wav') })).rejects.toThrow(/OpenAI transcription failed: 401/);
    } finally {
      failWith = undefined;
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
