import { open } from 'node:fs/promises';
import { parseFile } from 'music-metadata';
import { sniffContainer, type Container } from './formats';
import { wavTruncationReason } from './wav-check';

export interface AudioInfo {
  container: Container;
  codec: string | null;
  durationS: number;
  sampleRate: number | null;
  channels: number | null;
}

export class BadRecordingError extends Error {}

const HEAD_BYTES = 64 * 1024;

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Reads duration, codec, sample rate and channels from the file itself; throws BadRecordingError with a reason. */
export async function probeRecording(path: string, size: number): Promise<AudioInfo> {
  if (size === 0) throw new BadRecordingError('empty file (0 bytes)');
  const head = await readHead(path);
  const container = sniffContainer(head);
  if (!container) {
    throw new BadRecordingError(
      'not an audio file: its content matches none of the supported formats (wav, mp3, m4a, ogg, flac, opus)',
    );
  }
  if (container === 'wav') {
    const truncated = wavTruncationReason(head, size);
    if (truncated) throw new BadRecordingError(truncated);
  }
  let format;
  try {
    ({ format } = await parseFile(path, { duration: container === 'mp3', skipCovers: true }));
  } catch (err) {
    throw new BadRecordingError(`unreadable ${container.toUpperCase()}: ${(err as Error).message}`);
  }
  const durationS = format.duration;
  if (durationS === undefined || !Number.isFinite(durationS)) {
    throw new BadRecordingError(`unreadable ${container.toUpperCase()}: no audio stream with a duration was found`);
  }
  if (durationS <= 0) throw new BadRecordingError(`${container.toUpperCase()} holds no audio (duration 0 s)`);
  return {
    container,
    codec: format.codec ?? format.container ?? null,
    durationS,
    sampleRate: format.sampleRate ?? null,
    channels: format.numberOfChannels ?? null,
  };
}
