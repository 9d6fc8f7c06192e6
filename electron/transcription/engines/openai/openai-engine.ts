import type OpenAI from 'openai';
import type { Transcript, TranscriptSegment, TranscriptWord } from '../../../../shared/transcript';
import { openAiTransport } from '../../../net/openai-transport';
import { reasonOf, type Limits } from '../../../net/outbound-fetch';
import { decodeTo16k, probeAudio, TARGET_RATE } from '../../audio/decode-stream';
import { encodePcm16Wav } from '../../audio/wav-encode';
import { mergeByTime } from '../../chunked-pipeline';
import type { SpeechEngine, TranscribeRequest } from '../../engine';
import { TranscriptionError, throwIfAborted } from '../../errors';
import { speakerNames } from '../../speakers';
import { EnergyVadChunker } from '../../vad/energy-vad-chunker';

/** The API's upload limit is 25 MB; 16 kHz 16-bit mono is 32 KB/s, so 5 minutes (9.6 MB) stays well under it. */
const DEFAULT_PIECE_S = 300;
const UPLOAD_TIMEOUT_MS = 10 * 60_000;

interface VerboseSegment {
  start: number;
  end: number;
  text: string;
  avg_logprob?: number;
  no_speech_prob?: number;
}
interface VerboseJson {
  text: string;
  duration?: number;
  segments?: VerboseSegment[];
  words?: { word: string; start: number; end: number }[];
}

export interface OpenAiEngineOptions {
  apiKey: string;
  baseURL?: string;
  model?: string;
  maxPieceS?: number;
  /** The SDK's own retries of a failed upload (default 2). */
  maxRetries?: number;
  /** Limits of each upload's answer (default: 10 minutes for the whole exchange). */
  limits?: Partial<Limits>;
}

/** Whisper's own rule for a segment it made up over silence. */
function looksHallucinated(segment: VerboseSegment): boolean {
  return (segment.no_speech_prob ?? 0) > 0.6 && (segment.avg_logprob ?? 0) < -1;
}

class ChannelPieces {
  private parts: Float32Array[] = [];
  private length = 0;
  private startSample = 0;
  private readonly vad = new EnergyVadChunker({ maxChunkS: 30 });
  private speechInPiece = false;
  /** VAD speech spans (seconds), to drop text the API puts where nobody spoke. */
  readonly speechSpans: [number, number][] = [];

  constructor(private readonly maxSamples: number) {}

  push(samples: Float32Array): { startS: number; samples: Float32Array; hasSpeech: boolean } | undefined {
    for (const chunk of this.vad.push(samples)) this.noteSpeech(chunk.startS, chunk.samples.length);
    this.parts.push(samples);
    this.length += samples.length;
    return this.length >= this.maxSamples ? this.take() : undefined;
  }

  flush(): { startS: number; samples: Float32Array; hasSpeech: boolean } | undefined {
    for (const chunk of this.vad.flush()) this.noteSpeech(chunk.startS, chunk.samples.length);
    return this.length > 0 ? this.take() : undefined;
  }

  private noteSpeech(startS: number, samples: number): void {
    this.speechSpans.push([startS, startS + samples / TARGET_RATE]);
    this.speechInPiece = true;
  }

  private take(): { startS: number; samples: Float32Array; hasSpeech: boolean } {
    const samples = new Float32Array(this.length);
    let offset = 0;
    for (const p of this.parts) {
      samples.set(p, offset);
      offset += p.length;
    }
    const startS = this.startSample / TARGET_RATE;
    const endS = (this.startSample + this.length) / TARGET_RATE;
    // The VAD hands a chunk out only when it ends; speech still running at the cut counts for this piece too.
    const running = this.vad.pendingSpeechStartS();
    if (running !== undefined) this.speechSpans.push([running, endS]);
    const hasSpeech = this.speechInPiece || running !== undefined || this.speechSpans.some(([, end]) => end >= startS);
    const piece = { startS, samples, hasSpeech };
    this.startSample += this.length;
    this.parts = [];
    this.length = 0;
    this.speechInPiece = false;
    return piece;
  }
}

type OpenAiSdk = { client: OpenAI; toFile: typeof import('openai').toFile };

/**
 * OpenAI's hosted Whisper (whisper-1, verbose_json with word timestamps). Each stereo channel is uploaded on its
 * own, re-encoded to 16 kHz mono WAV in pieces under the 25 MB limit; silent pieces are never sent.
 */
export class OpenAiEngine implements SpeechEngine {
  readonly name = 'openai';
  readonly model: string;
  readonly version = 'openai-api';
  readonly lowAccuracy = false;
  private readonly maxPieceS: number;
  /** The package and its client, loaded at the first piece sent: not at every start of the app. */
  private sdk: Promise<OpenAiSdk> | null = null;

  constructor(private readonly options: OpenAiEngineOptions) {
    this.model = options.model ?? 'whisper-1';
    this.maxPieceS = options.maxPieceS ?? DEFAULT_PIECE_S;
  }

  private openai(): Promise<OpenAiSdk> {
    const { apiKey, baseURL, maxRetries, limits } = this.options;
    this.sdk ??= (async () => {
      let transport;
      try {
        // A 5-minute piece can take minutes to transcribe: the answer's deadline is the SDK's own timeout.
        transport = openAiTransport(apiKey, baseURL, { headersTimeoutMs: UPLOAD_TIMEOUT_MS, deadlineMs: UPLOAD_TIMEOUT_MS, ...limits });
      } catch (error) {
        throw new TranscriptionError('engine-failed', `OpenAI transcription not started: ${reasonOf(error)}`, { cause: error });
      }
      const { default: OpenAI, toFile } = await import('openai');
      return { client: new OpenAI({ ...transport, maxRetries: maxRetries ?? 2, timeout: UPLOAD_TIMEOUT_MS }), toFile };
    })();
    return this.sdk;
  }

  private async send(samples: Float32Array, signal: AbortSignal | undefined): Promise<VerboseJson> {
    const { client, toFile } = await this.openai();
    const file = await toFile(encodePcm16Wav(samples, TARGET_RATE), 'piece.wav', { type: 'audio/wav' });
    try {
      const response = await client.audio.transcriptions.create(
        { file, model: this.model, response_format: 'verbose_json', timestamp_granularities: ['word', 'segment'], language: 'en' },
        { signal },
      );
      const answer = response as unknown as Partial<VerboseJson> | null;
      if (typeof answer?.text !== 'string') throw new Error('the answer is not a verbose_json transcription (no text)');
      return answer as VerboseJson;
    } catch (error) {
      if (signal?.aborted) throw new TranscriptionError('aborted', 'transcription cancelled', { cause: error });
      throw new TranscriptionError('engine-failed', `OpenAI transcription failed: ${reasonOf(error)}`, { cause: error });
    }
  }

  async transcribe(request: TranscribeRequest): Promise<Transcript> {
    const { signal } = request;
    throwIfAborted(signal);
    const probe = await probeAudio(request.filePath);
    const speakers = speakerNames(probe.channelCount, request.channels);
    const pieces = speakers.map(() => new ChannelPieces(this.maxPieceS * TARGET_RATE));
    const pending: { channel: number; piece: { startS: number; samples: Float32Array; hasSpeech: boolean } }[] = [];
    const segments: TranscriptSegment[] = [];
    const expected = Math.max(1, probe.durationS * TARGET_RATE);
    let processed = 0;

    const sendPending = async (): Promise<void> => {
      for (const { channel, piece } of pending.splice(0)) {
        if (!piece.hasSpeech) continue;
        const result = await this.send(piece.samples, signal);
        segments.push(...this.toSegments(result, piece.startS, speakers[channel] ?? 'speaker', pieces[channel]?.speechSpans ?? []));
      }
    };

    for await (const block of decodeTo16k(request.filePath, { signal, format: probe.format })) {
      block.forEach((samples, c) => {
        const piece = pieces[c]?.push(samples);
        if (piece) pending.push({ channel: c, piece });
      });
      await sendPending();
      processed += block[0]?.length ?? 0;
      request.onProgress?.(Math.min(0.99, processed / expected));
    }
    pieces.forEach((p, c) => {
      const piece = p.flush();
      if (piece) pending.push({ channel: c, piece });
    });
    await sendPending();
    request.onProgress?.(1);
    return { engine: this.name, model: this.model, engineVersion: this.version, source: 'engine', language: 'en', durationS: probe.durationS, segments: mergeByTime(segments) };
  }

  private toSegments(result: VerboseJson, offsetS: number, speaker: string, speech: [number, number][]): TranscriptSegment[] {
    const words: TranscriptWord[] = (result.words ?? []).map((w) => ({ word: w.word.trim(), start: offsetS + w.start, end: offsetS + w.end }));
    const spoken = (start: number, end: number): boolean => speech.some(([s, e]) => s < end + 0.5 && e > start - 0.5);
    const source = result.segments && result.segments.length > 0 ? result.segments : [{ start: 0, end: result.duration ?? 0, text: result.text }];
    return source
      .filter((s) => !looksHallucinated(s) && s.text.trim() !== '')
      .map((s) => ({ start: offsetS + s.start, end: offsetS + s.end, text: s.text.trim() }))
      .filter((s) => spoken(s.start, s.end))
      .map((s) => ({ speaker, ...s, words: words.filter((w) => w.start >= s.start - 0.05 && w.start < s.end) }));
  }

  async close(): Promise<void> {
    // The HTTP client holds no resources worth closing.
  }
}
