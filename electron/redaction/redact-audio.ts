import { open, rename, rm } from 'node:fs/promises';
import { decodeTo16k, TARGET_RATE } from '../transcription/audio/decode-stream';
import type { TimeSpan } from './redact-transcript';

/**
 * Writes the stored copy of a recording with the removed stretches replaced by a quiet 1 kHz tone
 * (silence would pass for dead air; a tone tells a listener something was taken out), on every
 * channel (the other side may repeat the number). Decoded in-process, block by block, so memory
 * stays flat; written as 16 kHz 16-bit PCM WAV (what every engine here listens at) to a temporary
 * name and renamed into place, so a crash never leaves a half file under the final name.
 */

const TONE_HZ = 1000;
/** About -20 dBFS: clearly audible, never loud. */
const TONE_LEVEL = 0.1;

function wavHeader(channels: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(TARGET_RATE, 24);
  h.writeUInt32LE(TARGET_RATE * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** True when sample index i (at 16 kHz) falls inside one of the sorted spans. */
function insideSpan(spans: readonly TimeSpan[], i: number): boolean {
  const t = i / TARGET_RATE;
  for (const s of spans) {
    if (t < s.start) return false;
    if (t < s.end) return true;
  }
  return false;
}

export async function writeRedactedWav(source: string, destination: string, spans: readonly TimeSpan[], signal?: AbortSignal): Promise<void> {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const temp = `${destination}.partial`;
  const handle = await open(temp, 'w', 0o600);
  let frames = 0;
  let channelCount = 1;
  try {
    await handle.write(wavHeader(1, 0), 0, 44, 0);
    let position = 44;
    for await (const block of decodeTo16k(source, { signal })) {
      channelCount = block.length;
      const length = block[0]?.length ?? 0;
      const out = Buffer.alloc(length * channelCount * 2);
      for (let i = 0; i < length; i++) {
        const index = frames + i;
        const toned = insideSpan(sorted, index);
        for (let c = 0; c < channelCount; c++) {
          const v = toned ? TONE_LEVEL * Math.sin((2 * Math.PI * TONE_HZ * index) / TARGET_RATE) : (block[c]?.[i] ?? 0);
          out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), (i * channelCount + c) * 2);
        }
      }
      await handle.write(out, 0, out.length, position);
      position += out.length;
      frames += length;
    }
    await handle.write(wavHeader(channelCount, frames * channelCount * 2), 0, 44, 0);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(temp, destination);
}
