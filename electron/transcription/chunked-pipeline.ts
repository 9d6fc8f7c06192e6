import type { Transcript, TranscriptSegment } from '../../shared/transcript';
import { decodeTo16k, probeAudio, TARGET_RATE, type AudioProbe } from './audio/decode-stream';
import type { TranscribeRequest } from './engine';
import type { ChunkRecognizer, Chunker } from './engines/chunk-recognizer';
import { TranscriptionError, throwIfAborted } from './errors';
import { speakerNames } from './speakers';
import { EnergyVadChunker, type SpeechChunk } from './vad/energy-vad-chunker';

export interface ChunkEngineSpec {
  name: string;
  /** The model the transcript names; a function when it depends on the recording (its sample rate, say). */
  model: string | ((audio: AudioProbe) => string);
  version: string;
  /**
   * One recogniser per channel, opened on the channel's first speech so silent files never start an engine.
   * It is told what the recording is, since 8 kHz telephone audio may want other settings than 16 kHz audio.
   */
  openRecognizer(audio: AudioProbe): Promise<ChunkRecognizer>;
  createChunker?: () => Chunker;
}

/** A "stereo" file whose channels are identical is a mono call saved twice; transcribe it once. */
async function channelsAreDuplicates(filePath: string, probe: AudioProbe, signal?: AbortSignal): Promise<boolean> {
  if (probe.channelCount < 2) return false;
  let checked = 0;
  for await (const block of decodeTo16k(filePath, { signal, format: probe.format })) {
    const [left, right] = block;
    if (!left || !right) return false;
    for (let i = 0; i < left.length; i++) if (Math.abs((left[i] ?? 0) - (right[i] ?? 0)) > 1e-3) return false;
    checked += left.length;
    if (checked >= 30 * TARGET_RATE) break;
  }
  return true;
}

/** Rejects as soon as the signal fires, so a cancel does not wait for the chunk in flight (<= 8 s of audio). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new TranscriptionError('aborted', 'transcription cancelled'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Times to the millisecond: frame arithmetic otherwise prints as 7.5200000000000005. */
function toMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

export function mergeByTime(segments: TranscriptSegment[]): TranscriptSegment[] {
  return [...segments].sort((a, b) => a.start - b.start || a.end - b.end || a.speaker.localeCompare(b.speaker));
}

/**
 * Decode -> per-channel VAD chunks -> recogniser -> segments merged by time. Holds one decoded block plus each
 * channel's current chunk (<= 8 s), never the whole recording.
 */
export async function transcribeByChunks(spec: ChunkEngineSpec, request: TranscribeRequest): Promise<Transcript> {
  const { signal, onProgress } = request;
  throwIfAborted(signal);
  const probe = await probeAudio(request.filePath);
  const mono = probe.channelCount < 2 || (await channelsAreDuplicates(request.filePath, probe, signal));
  const speakers = speakerNames(mono ? 1 : probe.channelCount, request.channels);
  const chunkers = speakers.map(() => spec.createChunker?.() ?? new EnergyVadChunker());
  const recognizers: (ChunkRecognizer | undefined)[] = speakers.map(() => undefined);
  const segments: TranscriptSegment[] = [];
  const expectedSamples = Math.max(1, probe.durationS * TARGET_RATE);
  let processed = 0;
  let lastReported = -1;

  const recognizeAll = async (channel: number, chunks: SpeechChunk[]): Promise<void> => {
    for (const chunk of chunks) {
      throwIfAborted(signal);
      recognizers[channel] ??= await spec.openRecognizer(probe);
      const result = await untilAborted((recognizers[channel] as ChunkRecognizer).recognize(chunk), signal);
      if (result.text.trim() === '') continue;
      const first = result.words[0];
      const last = result.words[result.words.length - 1];
      segments.push({
        speaker: speakers[channel] ?? 'speaker',
        start: toMs(first ? first.start : chunk.startS),
        end: toMs(last ? last.end : chunk.startS + chunk.samples.length / TARGET_RATE),
        text: result.text,
        words: result.words.map((w) => ({ ...w, start: toMs(w.start), end: toMs(w.end) })),
      });
    }
  };

  try {
    for await (const block of decodeTo16k(request.filePath, { signal, format: probe.format })) {
      const channelBlocks = mono ? [block[0] ?? new Float32Array(0)] : block;
      await Promise.all(channelBlocks.map((samples, c) => recognizeAll(c, chunkers[c]?.push(samples) ?? [])));
      processed += block[0]?.length ?? 0;
      const fraction = Math.min(0.99, processed / expectedSamples);
      if (onProgress && fraction - lastReported >= 0.005) {
        lastReported = fraction;
        onProgress(fraction);
      }
    }
    await Promise.all(chunkers.map((chunker, c) => recognizeAll(c, chunker.flush())));
    throwIfAborted(signal);
  } finally {
    await Promise.all(recognizers.map((r) => r?.release()));
  }
  onProgress?.(1);
  return {
    engine: spec.name,
    model: typeof spec.model === 'string' ? spec.model : spec.model(probe),
    engineVersion: spec.version,
    source: 'engine',
    language: 'en',
    // The header/metadata duration is exact; the resampler may end a couple of samples short.
    durationS: probe.durationS > 0 ? probe.durationS : processed / TARGET_RATE,
    segments: mergeByTime(segments),
  };
}
