import { describe, expect, it } from 'vitest';
import { EnergyVadChunker, type SpeechChunk } from '../../../electron/transcription/vad/energy-vad-chunker';
import { FixedWindowChunker } from '../../../electron/transcription/vad/fixed-window-chunker';
import { concat, sine } from '../../fixtures/wav-writer';

const RATE = 16_000;

function silence(seconds: number): Float32Array {
  return new Float32Array(Math.round(seconds * RATE));
}

/** Speech-like: a tone with syllable-rate amplitude modulation and short gaps. */
function babble(seconds: number): Float32Array {
  const out = sine(220, seconds, RATE, 0.3);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) * (0.6 + 0.4 * Math.sin((2 * Math.PI * 4 * i) / RATE));
  return out;
}

function run(chunker: EnergyVadChunker | FixedWindowChunker, audio: Float32Array, blockSize = 16_000): SpeechChunk[] {
  const chunks: SpeechChunk[] = [];
  for (let i = 0; i < audio.length; i += blockSize) chunks.push(...chunker.push(audio.subarray(i, i + blockSize)));
  chunks.push(...chunker.flush());
  return chunks;
}

describe('EnergyVadChunker', () => {
  it('finds nothing in digital silence or faint hiss', () => {
    expect(run(new EnergyVadChunker(), silence(60))).toEqual([]);
    const hiss = new Float32Array(30 * RATE).map(() => (Math.random() - 0.5) * 0.002);
    expect(run(new EnergyVadChunker(), hiss)).toEqual([]);
  });

  it('cuts speech bursts at their times, with a short pre-roll', () => {
    const audio = concat(silence(2), babble(1.5), silence(3), babble(2), silence(1));
    const chunks = run(new EnergyVadChunker(), audio, 7777);
    expect(chunks).toHaveLength(2);
    const [first, second] = chunks as [SpeechChunk, SpeechChunk];
    expect(first.startS).toBeGreaterThan(1.7);
    expect(first.startS).toBeLessThan(2.0);
    expect(first.samples.length / RATE).toBeGreaterThan(1.5);
    expect(first.samples.length / RATE).toBeLessThan(2.3);
    expect(second.startS).toBeGreaterThan(6.2);
    expect(second.startS).toBeLessThan(6.5);
  });

  it('never hands out a chunk longer than the limit, and loses no speech when splitting', () => {
    const audio = concat(silence(1), babble(30), silence(1));
    const chunks = run(new EnergyVadChunker({ maxChunkS: 8 }), audio);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    for (const c of chunks) expect(c.samples.length / RATE).toBeLessThanOrEqual(8);
    const covered = chunks.reduce((sum, c) => sum + c.samples.length / RATE, 0);
    expect(covered).toBeGreaterThan(30);
    for (let i = 1; i < chunks.length; i++) {
      const prev = chunks[i - 1] as SpeechChunk;
      expect((chunks[i] as SpeechChunk).startS).toBeCloseTo(prev.startS + prev.samples.length / RATE, 5);
    }
  });

  it('drops clicks shorter than the minimum speech length', () => {
    const audio = concat(silence(2), sine(1000, 0.06, RATE, 0.5), silence(2));
    expect(run(new EnergyVadChunker(), audio)).toEqual([]);
  });

  it('adapts to a steady noise floor and still finds speech above it', () => {
    const noise = (seconds: number): Float32Array => new Float32Array(Math.round(seconds * RATE)).map(() => (Math.random() - 0.5) * 0.06);
    const speech = babble(2);
    const speechNoise = noise(2);
    const noisySpeech = speech.map((v, i) => v + (speechNoise[i] ?? 0));
    const chunks = run(new EnergyVadChunker(), concat(noise(8), noisySpeech, noise(4)));
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    expect(chunks[0]?.startS).toBeGreaterThan(7);
    const total = chunks.reduce((sum, c) => sum + c.samples.length / RATE, 0);
    expect(total).toBeLessThan(4);
  });
});

describe('FixedWindowChunker', () => {
  it('cuts back-to-back windows', () => {
    const chunks = run(new FixedWindowChunker(8), silence(20), 5000);
    expect(chunks.map((c) => [c.startS, c.samples.length / RATE])).toEqual([
      [0, 8],
      [8, 8],
      [16, 4],
    ]);
  });
});
