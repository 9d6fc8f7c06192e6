import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptSchema } from '../../../shared/transcript';
import { EmbeddedEngine } from '../../../electron/transcription/engines/embedded/embedded-engine';
import { createTranscriber } from '../../../electron/transcription/index';
import { ensureClampedWasm } from '../../../electron/transcription/engines/embedded/wasm-fix';
import { writeWav } from '../../fixtures/wav-writer';
import { loadMono16k, writeStereoCall } from './stereo-call';

// pocketsphinx runs at 0.3-4x real time on a loaded 2-core machine; these calls have minutes, not the default minute.
const SLOW = 300_000;
let dir: string;
let cacheDir: string;
let engine: EmbeddedEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cr-embedded-'));
  cacheDir = join(dir, 'cache');
  engine = new EmbeddedEngine({ cacheDir });
});
afterAll(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('clamped pocketsphinx wasm', () => {
  it('is built once into the cache and rebuilt if the cached copy is corrupt', async () => {
    const first = await ensureClampedWasm(cacheDir);
    const bytes = await readFile(first);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    const builtAt = (await stat(first)).mtimeMs;
    expect(await ensureClampedWasm(cacheDir)).toBe(first);
    expect((await stat(first)).mtimeMs).toBe(builtAt);
    await writeFile(first, 'half a file');
    await ensureClampedWasm(cacheDir);
    expect(await readFile(first)).toEqual(bytes);
  }, SLOW);
});

describe('embedded engine (pocketsphinx in a worker)', () => {
  it('labels stereo channels agent/customer, in time order, with word times inside the speech', async () => {
    const path = join(dir, 'call.wav');
    const times = await writeStereoCall(path);
    const progress: number[] = [];
    const transcript = await engine.transcribe({ filePath: path, onProgress: (f) => progress.push(f) });
    expect(() => transcriptSchema.parse(transcript)).not.toThrow();
    expect(transcript).toMatchObject({ engine: 'embedded', source: 'engine', durationS: 14 });
    const agent = transcript.segments.filter((s) => s.speaker === 'agent');
    const customer = transcript.segments.filter((s) => s.speaker === 'customer');
    expect(agent.length).toBeGreaterThan(0);
    expect(customer.length).toBeGreaterThan(0);
    expect(transcript.segments.map((s) => s.speaker)).toEqual([...agent.map(() => 'agent'), ...customer.map(() => 'customer')]);
    for (const s of agent) {
      expect(s.start).toBeGreaterThanOrEqual(times.agentStart - 0.3);
      expect(s.end).toBeLessThanOrEqual(times.agentEnd + 0.5);
    }
    for (const s of customer) {
      expect(s.start).toBeGreaterThanOrEqual(times.customerStart - 0.3);
      expect(s.end).toBeLessThanOrEqual(times.customerEnd + 0.5);
      for (const word of s.words ?? []) expect(word.start).toBeGreaterThanOrEqual(s.start);
    }
    expect(customer.map((s) => s.text).join(' ').split(' ').length).toBeGreaterThanOrEqual(4);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  }, SLOW);

  it('uses the channels map from the request', async () => {
    const path = join(dir, 'call-swapped.wav');
    await writeStereoCall(path);
    const transcript = await engine.transcribe({ filePath: path, channels: { left: 'rep', right: 'prospect' } });
    expect(new Set(transcript.segments.map((s) => s.speaker))).toEqual(new Set(['rep', 'prospect']));
    expect(transcript.segments[0]?.speaker).toBe('rep');
  }, SLOW);

  it('gives a mono recording one speaker track', async () => {
    const path = join(dir, 'mono.wav');
    await writeWav(path, 16_000, [await loadMono16k('customer-speech.opus')]);
    const transcript = await engine.transcribe({ filePath: path });
    expect(transcript.segments.length).toBeGreaterThan(0);
    expect(new Set(transcript.segments.map((s) => s.speaker))).toEqual(new Set(['speaker']));
  }, SLOW);

  it('decodes through the call-centre LM when the engine embedded-call-centre is chosen, and through the general LM by default', async () => {
    const path = join(dir, 'mono-lm.wav');
    await writeWav(path, 16_000, [await loadMono16k('customer-speech.opus')]);
    const callCentre = createTranscriber({ engine: 'embedded-call-centre', modelsDir: dir });
    try {
      const t = await callCentre.transcribe({ filePath: path });
      expect(t.model).toMatch(/call-centre LM/);
      expect(t.segments.length).toBeGreaterThan(0);
    } finally {
      await callCentre.close();
    }
    const general = await engine.transcribe({ filePath: path });
    expect(general.model).toMatch(/en-us\.lm/);
  }, SLOW);

  it('the default engine decodes 8 kHz telephone audio through the call-centre LM and 16 kHz audio through the general LM', async () => {
    const wide = await loadMono16k('customer-speech.opus');
    // Every other sample after averaging each pair: a crude low-pass, enough for an 8 kHz file of the same speech.
    const narrow = new Float32Array(Math.floor(wide.length / 2)).map((_, i) => ((wide[2 * i] ?? 0) + (wide[2 * i + 1] ?? 0)) / 2);
    const path8k = join(dir, 'phone-8k.wav');
    const path16k = join(dir, 'phone-16k.wav');
    await writeWav(path8k, 8_000, [narrow]);
    await writeWav(path16k, 16_000, [wide]);
    const byDefault = createTranscriber({ modelsDir: dir });
    try {
      const phone = await byDefault.transcribe({ filePath: path8k });
      expect(phone.model).toMatch(/call-centre LM \(8 kHz audio\)/);
      expect(phone.segments.length).toBeGreaterThan(0);
      // The same engine, warm with a call-centre decoder, still gives a 16 kHz recording the general LM.
      const wideband = await byDefault.transcribe({ filePath: path16k });
      expect(wideband.model).toMatch(/en-us\.lm$/);
    } finally {
      await byDefault.close();
    }
  }, SLOW);

  it('stops when the signal is aborted', async () => {
    const path = join(dir, 'abort.wav');
    await writeStereoCall(path);
    const controller = new AbortController();
    const run = engine.transcribe({ filePath: path, signal: controller.signal, onProgress: (f) => f > 0.2 && controller.abort() });
    await expect(run).rejects.toMatchObject({ code: 'aborted' });
  }, SLOW);

  it('fails a running transcription instead of hanging when the engine is closed under it', async () => {
    const path = join(dir, 'closing.wav');
    await writeStereoCall(path);
    const own = new EmbeddedEngine({ cacheDir });
    let closing: Promise<void> | undefined;
    const run = own.transcribe({ filePath: path, onProgress: (f) => void (f > 0.2 && (closing ??= own.close())) });
    await expect(run).rejects.toMatchObject({ code: 'aborted', message: 'embedded engine closed' });
    await closing;
  }, SLOW);
});
