import { open } from 'node:fs/promises';
import { sniffContainer, type Container } from './formats';
import { wavTruncationReason } from './wav-check';
import { parseWavHeader, wavCodecName, type WavHeader } from './wav-header';

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
    const header = parseWavHeader(head);
    if (header) return wavInfo(header, size);
    if (head.length >= size)
      throw new BadRecordingError('truncated WAV: the file ends before its audio data starts');
  }
  // Loaded on first use, not with the app: it is a tenth of a second of start-up for what only
  // compressed recordings need.
  const { parseFile } = await import('music-metadata');
  let format;
  try {
    ({ format } = await parseFile(path, { duration: true, skipCovers: true }));
  } catch (err) {
    throw new BadRecordingError(`unreadable ${container.toUpperCase()}: ${(err as Error).message}`);
  }
  const durationS = format.duration;
  if (durationS === undefined || !Number.isFinite(durationS)) {
    throw new BadRecordingError(
      `unreadable ${container.toUpperCase()}: no audio stream with a duration was found`,
    );
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

/** WAV is the common case and its header says everything: no need for a general parser. */
function wavInfo(header: WavHeader, size: number): AudioInfo {
  const truncated = wavTruncationReason(header, size);
  if (truncated) throw new BadRecordingError(truncated);
  if (header.channels === 0 || header.sampleRate === 0 || header.byteRate === 0) {
    throw new BadRecordingError('unreadable WAV: its header declares 0 channels, sample rate or byte rate');
  }
  const dataBytes = header.dataBytes ?? size - header.dataOffset;
  const durationS = dataBytes / header.byteRate;
  if (durationS <= 0) throw new BadRecordingError('WAV holds no audio (duration 0 s)');
  return {
    container: 'wav',
    codec: wavCodecName(header.formatTag),
    durationS,
    sampleRate: header.sampleRate,
    channels: header.channels,
  };
}
