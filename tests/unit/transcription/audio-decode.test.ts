import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTo16k, probeAudio } from '../../../electron/transcription/audio/decode-stream';
import { TranscriptionError } from '../../../electron/transcription/errors';
import { concat, encodeWav, rms, sine, writeWav, zeroCrossingHz } from '../../fixtures/wav-writer';

const FIXTURES = join(import.meta.dirname, 'fixtures');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cr-audio-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function decodeAll(path: string): Promise<{ channels: Float32Array[]; blocks: number }> {
  const parts: Float32Array[][] = [];
  for await (const block of decodeTo16k(path)) parts.push(block);
  const channelCount = parts[0]?.length ?? 0;
  return {
    channels: Array.from({ length: channelCount }, (_, c) => concat(...parts.map((p) => p[c] ?? new Float32Array(0)))),
    blocks: parts.length,
  };
}

async function decodeError(path: string): Promise<TranscriptionError> {
  try {
    await decodeAll(path);
  } catch (error) {
    expect(error).toBeInstanceOf(TranscriptionError);
    return error as TranscriptionError;
  }
  throw new Error(`expected ${path} to fail decoding`);
}

describe('compressed formats decode with npm-only decoders', () => {
  for (const ext of ['mp3', 'flac', 'ogg', 'opus', 'm4a']) {
    it(`decodes ${ext} to 16 kHz with the channels kept apart`, async () => {
      const path = join(FIXTURES, `tone-left-440hz.${ext}`);
      const probe = await probeAudio(path);
      expect(probe.channelCount).toBe(2);
      expect(probe.durationS).toBeGreaterThan(0.9);
      const { channels } = await decodeAll(path);
      expect(channels).toHaveLength(2);
      const [left, right] = channels as [Float32Array, Float32Array];
      // Codecs add priming/padding samples; allow a few frames either side of 1 s.
      expect(left.length).toBeGreaterThan(15_000);
      expect(left.length).toBeLessThan(17_500);
      const middle = left.subarray(2000, 14000);
      expect(zeroCrossingHz(middle, 16_000)).toBeGreaterThan(420);
      expect(zeroCrossingHz(middle, 16_000)).toBeLessThan(460);
      expect(rms(middle)).toBeGreaterThan(0.3);
      // Low-bitrate joint-stereo codecs (opus at 24 kb/s) leak a little across channels: stay 20 dB apart.
      expect(rms(right)).toBeLessThan(rms(middle) / 10);
    });
  }
});

describe('WAV is read from disk in blocks', () => {
  it('resamples 44.1 kHz stereo to 16 kHz per channel, block by block', async () => {
    const path = join(dir, 'stereo44.wav');
    await writeWav(path, 44_100, [sine(300, 3, 44_100), sine(1000, 3, 44_100)]);
    const { channels, blocks } = await decodeAll(path);
    expect(blocks).toBeGreaterThanOrEqual(3);
    expect(Math.abs((channels[0]?.length ?? 0) - 48_000)).toBeLessThan(5);
    expect(zeroCrossingHz(channels[0] as Float32Array, 16_000)).toBeCloseTo(300, -1);
    expect(zeroCrossingHz(channels[1] as Float32Array, 16_000)).toBeCloseTo(1000, -1);
  });

  it('removes tones above the new Nyquist instead of aliasing them', async () => {
    const path = join(dir, 'high.wav');
    await writeWav(path, 48_000, [sine(12_000, 1, 48_000)]);
    const { channels } = await decodeAll(path);
    expect(rms((channels[0] as Float32Array).subarray(500))).toBeLessThan(0.02);
  });

  it('decodes 8 kHz mu-law telephone audio and upsamples it', async () => {
    const path = join(dir, 'phone.wav');
    await writeWav(path, 8000, [sine(500, 2, 8000)], 'mulaw');
    const probe = await probeAudio(path);
    expect(probe).toMatchObject({ format: 'wav', channelCount: 1, sampleRate: 8000, durationS: 2 });
    const { channels } = await decodeAll(path);
    expect(Math.abs((channels[0]?.length ?? 0) - 32_000)).toBeLessThan(4);
    expect(zeroCrossingHz(channels[0] as Float32Array, 16_000)).toBeCloseTo(500, -1);
    expect(rms(channels[0] as Float32Array)).toBeCloseTo(0.5 / Math.SQRT2, 1);
  });

  it('decodes 32-bit float WAV', async () => {
    const path = join(dir, 'float.wav');
    await writeWav(path, 16_000, [sine(200, 1, 16_000, 0.25)], 'float32');
    const { channels } = await decodeAll(path);
    expect(channels[0]?.length).toBe(16_000);
    expect(channels[0]?.[40]).toBeCloseTo(0.25 * Math.sin((2 * Math.PI * 200 * 40) / 16_000), 4);
  });

  it('accepts a WAV whose data size was never filled in (recorder crashed)', async () => {
    const bytes = encodeWav(16_000, [sine(200, 1, 16_000)]);
    bytes.writeUInt32LE(0, 40);
    const path = join(dir, 'unfinished.wav');
    await writeFile(path, bytes);
    const { channels } = await decodeAll(path);
    expect(channels[0]?.length).toBe(16_000);
  });
});

describe('clear errors for files that are not what they claim', () => {
  it('names a missing file', async () => {
    const error = await decodeError(join(dir, 'nope.wav'));
    expect(error.code).toBe('file-not-found');
  });

  it('says an .mp3 with no frame sync is not an MP3', async () => {
    const path = join(dir, 'fake.mp3');
    await writeFile(path, Buffer.from('this is a text file pretending to be audio\n'.repeat(20)));
    const error = await decodeError(path);
    expect(error.message).toBe('cannot decode: file is not a valid MP3 (no frame sync found)');
  });

  it('says a WAV without its fmt chunk is invalid', async () => {
    const bytes = Buffer.alloc(64);
    bytes.write('RIFF', 0, 'ascii');
    bytes.write('WAVE', 8, 'ascii');
    bytes.write('junk', 12, 'ascii');
    bytes.writeUInt32LE(40, 16);
    const path = join(dir, 'nofmt.wav');
    await writeFile(path, bytes);
    expect((await decodeError(path)).message).toBe('cannot decode: file is not a valid WAV (no fmt chunk)');
  });

  it('rejects an unknown extension with the list of supported formats', async () => {
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'hello');
    const error = await decodeError(path);
    expect(error.code).toBe('unsupported-format');
    expect(error.message).toContain('supported: wav, mp3, flac, ogg (vorbis), opus, m4a (AAC)');
  });

  it('reports an empty file', async () => {
    const path = join(dir, 'empty.m4a');
    await writeFile(path, '');
    expect((await decodeError(path)).message).toBe('cannot decode: file is empty');
  });
});
