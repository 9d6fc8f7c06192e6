import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Transcript, TranscriptWord } from '../../../../shared/transcript';
import { TARGET_RATE } from '../../audio/decode-stream';
import { transcribeByChunks } from '../../chunked-pipeline';
import type { SpeechEngine, TranscribeRequest } from '../../engine';
import { TranscriptionError } from '../../errors';
import type { CatalogueEntry } from '../../models/catalogue';
import { MODEL_CATALOGUE } from '../../models/catalogue';
import { resolveInstalledModel } from '../../models/model-store';
import { EnergyVadChunker, type SpeechChunk } from '../../vad/energy-vad-chunker';
import type { RecognizedChunk } from '../chunk-recognizer';

// The subset of sherpa-onnx-node (JSDoc-typed CommonJS) that this engine uses.
interface OfflineStream {
  acceptWaveform(wave: { samples: Float32Array; sampleRate: number }): void;
}
interface OfflineResult {
  text: string;
  tokens?: string[];
  timestamps?: number[];
}
interface OfflineRecognizer {
  createStream(): OfflineStream;
  decodeAsync(stream: OfflineStream): Promise<unknown>;
  getResult(stream: OfflineStream): OfflineResult;
}
interface SherpaModule {
  OfflineRecognizer: { createAsync(config: object): Promise<OfflineRecognizer> };
}

export const SHERPA_VERSION = 'sherpa-onnx-node@1.13.8';
/** Which installed model "local" picks when none is named: best accuracy per CPU second on a 2-core laptop first. */
const PREFERENCE = ['whisper-base.en', 'moonshine-base-en', 'whisper-tiny.en', 'moonshine-tiny-en', 'parakeet-tdt-0.6b-v2', 'whisper-small.en'];

export function loadSherpa(): SherpaModule {
  try {
    return createRequire(import.meta.url)('sherpa-onnx-node') as SherpaModule;
  } catch (error) {
    throw new TranscriptionError('engine-unavailable', `local engine unavailable: sherpa-onnx-node could not load its native addon for ${process.platform}-${process.arch} (${(error as Error).message})`, { cause: error });
  }
}

export function recognizerConfig(entry: CatalogueEntry, dir: string, numThreads: number): object {
  const at = (file: string): string => join(dir, file);
  const layout = entry.layout;
  const modelConfig: Record<string, unknown> = { tokens: at(layout.tokens), numThreads, provider: 'cpu', debug: 0 };
  if (layout.kind === 'whisper') modelConfig.whisper = { encoder: at(layout.encoder), decoder: at(layout.decoder), language: 'en', task: 'transcribe', tailPaddings: -1 };
  if (layout.kind === 'moonshine') {
    modelConfig.moonshine = { preprocessor: at(layout.preprocessor), encoder: at(layout.encoder), uncachedDecoder: at(layout.uncachedDecoder), cachedDecoder: at(layout.cachedDecoder) };
  }
  if (layout.kind === 'nemo-transducer') {
    modelConfig.transducer = { encoder: at(layout.encoder), decoder: at(layout.decoder), joiner: at(layout.joiner) };
    modelConfig.modelType = 'nemo_transducer';
  }
  return { featConfig: { sampleRate: TARGET_RATE, featureDim: 80 }, modelConfig, decodingMethod: 'greedy_search' };
}

/** Token timestamps (transducers) become word times; models without them get the chunk's span shared out by length. */
export function wordsFromResult(result: OfflineResult, chunk: SpeechChunk): TranscriptWord[] {
  const chunkEnd = chunk.startS + chunk.samples.length / TARGET_RATE;
  const tokens = result.tokens ?? [];
  const stamps = result.timestamps ?? [];
  if (tokens.length > 0 && stamps.length === tokens.length) {
    const words: TranscriptWord[] = [];
    tokens.forEach((token, i) => {
      const start = chunk.startS + (stamps[i] ?? 0);
      const last = words[words.length - 1];
      if (!last || token.startsWith('▁') || token.startsWith(' ')) words.push({ word: token.replace(/^[▁ ]/, ''), start, end: start });
      else last.word += token;
    });
    words.forEach((w, i) => (w.end = words[i + 1]?.start ?? chunkEnd));
    return words.filter((w) => w.word.trim() !== '');
  }
  const text = result.text.trim().split(/\s+/).filter((w) => w !== '');
  const letters = text.reduce((n, w) => n + w.length, 0) || 1;
  let cursor = chunk.startS;
  return text.map((word) => {
    const span = ((chunkEnd - chunk.startS) * word.length) / letters;
    const w = { word, start: cursor, end: cursor + span };
    cursor += span;
    return w;
  });
}

export interface SherpaEngineOptions {
  modelsDir: string;
  /** A catalogue id; default: the first installed in PREFERENCE order. */
  modelId?: string;
  numThreads?: number;
}

/** The recommended engine: Whisper / Moonshine / Parakeet through sherpa-onnx's prebuilt native addon. */
export class SherpaEngine implements SpeechEngine {
  readonly name = 'local';
  readonly version = SHERPA_VERSION;
  readonly lowAccuracy = false;
  model: string;
  private recognizer: Promise<OfflineRecognizer> | undefined;

  constructor(private readonly options: SherpaEngineOptions) {
    this.model = options.modelId ?? 'auto';
  }

  private async pickModel(): Promise<{ entry: CatalogueEntry; dir: string }> {
    const ids = this.options.modelId ? [this.options.modelId] : PREFERENCE;
    for (const id of ids) {
      const found = await resolveInstalledModel(id, { modelsDir: this.options.modelsDir, catalogue: MODEL_CATALOGUE });
      if (found) return found;
    }
    const which = this.options.modelId ?? 'local speech model';
    throw new TranscriptionError(
      'model-missing',
      `no ${which} installed in ${this.options.modelsDir}; run "models install ${this.options.modelId ?? 'whisper-base.en'}" (needs internet) or "models import <id> <archive-or-folder>"`,
    );
  }

  private getRecognizer(): Promise<OfflineRecognizer> {
    this.recognizer ??= (async () => {
      const { entry, dir } = await this.pickModel();
      this.model = entry.id;
      return loadSherpa().OfflineRecognizer.createAsync(recognizerConfig(entry, dir, this.options.numThreads ?? 2));
    })();
    this.recognizer.catch(() => (this.recognizer = undefined));
    return this.recognizer;
  }

  async transcribe(request: TranscribeRequest): Promise<Transcript> {
    const recognizer = await this.getRecognizer();
    return transcribeByChunks(
      {
        name: this.name,
        model: this.model,
        version: this.version,
        // Whisper sees 30 s windows; longer chunks than the embedded engine's give it more context.
        createChunker: () => new EnergyVadChunker({ maxChunkS: 20 }),
        openRecognizer: async () => ({
          recognize: async (chunk: SpeechChunk): Promise<RecognizedChunk> => {
            const stream = recognizer.createStream();
            stream.acceptWaveform({ samples: chunk.samples, sampleRate: TARGET_RATE });
            await recognizer.decodeAsync(stream);
            const result = recognizer.getResult(stream);
            const words = wordsFromResult(result, chunk);
            return { text: result.text.trim(), words };
          },
          release: async () => undefined,
        }),
      },
      request,
    );
  }

  async close(): Promise<void> {
    // The native recognizer is freed by its finalizer; dropping the reference is enough.
    this.recognizer = undefined;
  }
}
