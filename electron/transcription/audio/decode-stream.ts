import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import decode from 'audio-decode';
import { TranscriptionError, throwIfAborted } from '../errors';
import { readHead, sniffAudioFormat, type AudioFormat } from './format-sniff';
import { StreamingResampler } from './resampler';
import { readWavBlocks, readWavHeader } from './wav-stream';

/** Every engine here listens at 16 kHz. */
export const TARGET_RATE = 16_000;

export interface AudioProbe {
  format: AudioFormat;
  channelCount: number;
  sampleRate: number;
  /** Best estimate before decoding; used for progress only. */
  durationS: number;
}

const DECODER_NAMES: Record<Exclude<AudioFormat, 'wav'>, 'mp3' | 'flac' | 'oga' | 'opus' | 'm4a'> = {
  mp3: 'mp3',
  flac: 'flac',
  'ogg-vorbis': 'oga',
  'ogg-opus': 'opus',
  m4a: 'm4a',
};

const FORMAT_LABELS: Record<AudioFormat, string> = {
  wav: 'WAV',
  mp3: 'MP3',
  flac: 'FLAC',
  'ogg-vorbis': 'Ogg Vorbis',
  'ogg-opus': 'Ogg Opus',
  m4a: 'M4A (AAC)',
};

export async function probeAudio(filePath: string): Promise<AudioProbe> {
  const head = await readHead(filePath);
  const format = sniffAudioFormat(head, extname(filePath));
  if (format === 'wav') {
    const handle = await open(filePath, 'r');
    try {
      const { size } = await handle.stat();
      const header = await readWavHeader(handle, size);
      const frameBytes = (header.bitsPerSample / 8) * header.channelCount;
      return {
        format,
        channelCount: header.channelCount,
        sampleRate: header.sampleRate,
        durationS: Math.floor(header.dataBytes / frameBytes) / header.sampleRate,
      };
    } finally {
      await handle.close();
    }
  }
  const { parseFile } = await import('music-metadata');
  try {
    const metadata = await parseFile(filePath, { duration: true, skipCovers: true });
    return {
      format,
      channelCount: metadata.format.numberOfChannels ?? 1,
      sampleRate: metadata.format.sampleRate ?? TARGET_RATE,
      durationS: metadata.format.duration ?? 0,
    };
  } catch (error) {
    throw new TranscriptionError('decode-failed', `cannot decode: file is not a valid ${FORMAT_LABELS[format]} (${(error as Error).message})`, { cause: error });
  }
}

async function* sourceBlocks(filePath: string, format: AudioFormat): AsyncGenerator<{ sampleRate: number; channels: Float32Array[] }> {
  if (format === 'wav') {
    for await (const block of readWavBlocks(filePath)) yield { sampleRate: block.header.sampleRate, channels: block.channels };
    return;
  }
  // These decoders take the file in 64 KB reads and hand back PCM per read (Ogg Vorbis and M4A buffer the
  // whole file inside the decoder first: see README).
  const stream = createReadStream(filePath, { highWaterMark: 64 * 1024 });
  try {
    for await (const { channelData, sampleRate } of decode(stream, DECODER_NAMES[format])) {
      if (channelData.length > 0 && (channelData[0]?.length ?? 0) > 0) yield { sampleRate, channels: channelData };
    }
  } catch (error) {
    if (error instanceof TranscriptionError) throw error;
    throw new TranscriptionError('decode-failed', `cannot decode: file is not a valid ${FORMAT_LABELS[format]} (${(error as Error).message})`, { cause: error });
  } finally {
    stream.destroy();
  }
}

/**
 * Decodes any supported file into blocks of 16 kHz Float32 samples, one array per channel. Only one block
 * (about a second for WAV) is held at a time, so memory stays flat however long the call is.
 */
export async function* decodeTo16k(
  filePath: string,
  options: { signal?: AbortSignal; format?: AudioFormat } = {},
): AsyncGenerator<Float32Array[]> {
  const format = options.format ?? sniffAudioFormat(await readHead(filePath), extname(filePath));
  let resamplers: StreamingResampler[] | undefined;
  let produced = 0;
  for await (const block of sourceBlocks(filePath, format)) {
    throwIfAborted(options.signal);
    const first = resamplers?.[0];
    if (!resamplers || !first || first.inputRate !== block.sampleRate || resamplers.length !== block.channels.length) {
      resamplers = block.channels.map(() => new StreamingResampler(block.sampleRate, TARGET_RATE));
    }
    const out = block.channels.map((samples, c) => (resamplers as StreamingResampler[])[c]!.process(samples));
    produced += out[0]?.length ?? 0;
    yield out;
  }
  if (produced === 0) {
    const { size } = await stat(filePath);
    const reason = format === 'mp3' ? 'no frame sync found' : size < 64 ? 'file is truncated' : 'no audio frames decoded';
    if (format === 'wav') return; // a WAV header with no samples is a valid, empty recording
    throw new TranscriptionError('decode-failed', `cannot decode: file is not a valid ${FORMAT_LABELS[format]} (${reason})`);
  }
}
