import type { Transcript } from '../../shared/transcript';
import type { SpeechEngine, TranscribeRequest } from './engine';
import { callCentreLanguageModel } from './engines/embedded/call-centre-language-model';
import { EmbeddedEngine } from './engines/embedded/embedded-engine';
import { KeyedOpenAiEngine, type OpenAiCredentialSource } from './engines/openai/keyed-openai-engine';
import { OpenAiEngine } from './engines/openai/openai-engine';
import { SherpaEngine } from './engines/sherpa/sherpa-engine';
import { TranscriptionError, throwIfAborted } from './errors';
import { cacheDirFor, defaultModelsDir } from './paths';
import { loadSidecarTranscript } from './sidecar';

export type { SpeechEngine, TranscribeRequest } from './engine';
export { TranscriptionError, type TranscriptionErrorCode } from './errors';
export { loadSidecarTranscript } from './sidecar';
export { defaultModelsDir } from './paths';

export interface TranscriberOptions {
  /** 'embedded' (default), 'embedded-call-centre', 'embedded-baseline', 'local' / 'local:<model-id>', 'openai'. */
  engine?: string;
  modelsDir?: string;
  /**
   * OpenAI engine only: the app's key (its secret store, behind the OpenAI switch), asked before
   * each recording. Without it the key is openaiApiKey, else OPENAI_API_KEY (the CLI).
   */
  openaiCredentials?: OpenAiCredentialSource;
  openaiApiKey?: string;
  openaiBaseUrl?: string;
}

export interface Transcriber {
  engineName: string;
  /** True when transcripts from this engine should be labelled low accuracy in the UI. */
  lowAccuracy: boolean;
  transcribe(req: TranscribeRequest): Promise<Transcript>;
  close(): Promise<void>;
}

interface ClosableEngine extends SpeechEngine {
  close(): Promise<void>;
}

export const ENGINE_NAMES = ['embedded', 'embedded-call-centre', 'embedded-baseline', 'local', 'openai'] as const;

function createEngine(name: string, options: TranscriberOptions & { modelsDir: string }): ClosableEngine {
  const cacheDir = cacheDirFor(options.modelsDir);
  // Telephone recordings (8 kHz) get the call-centre LM: on them the general LM keeps a few percent of the
  // trackers' recall. It doubles the word error on general 16 kHz speech, so wideband recordings keep the
  // general LM unless embedded-call-centre is chosen (docs/design/embedded-call-centre-lm.md).
  if (name === 'embedded') return new EmbeddedEngine({ cacheDir, narrowbandLanguageModel: callCentreLanguageModel });
  if (name === 'embedded-call-centre') return new EmbeddedEngine({ cacheDir, languageModel: callCentreLanguageModel });
  if (name === 'embedded-baseline') {
    return new EmbeddedEngine({ cacheDir, chunking: 'fixed', keyphrases: [], decoderFlags: [], primeCmn: false, narrowbandFill: 0 });
  }
  if (name === 'local' || name.startsWith('local:')) {
    const modelId = name.startsWith('local:') ? name.slice('local:'.length) : undefined;
    return new SherpaEngine({ modelsDir: options.modelsDir, modelId });
  }
  if (name === 'openai') {
    if (options.openaiCredentials) return new KeyedOpenAiEngine(options.openaiCredentials);
    const apiKey = options.openaiApiKey ?? process.env.OPENAI_API_KEY;
    if (!apiKey) throw new TranscriptionError('engine-unavailable', 'OpenAI engine is off: no API key given (set it in the provider settings or OPENAI_API_KEY)');
    return new OpenAiEngine({ apiKey, baseURL: options.openaiBaseUrl });
  }
  throw new TranscriptionError('engine-unavailable', `unknown engine "${name}"; choose one of: ${ENGINE_NAMES.join(', ')}`);
}

/**
 * The job runner's entry point. A recording with a `<name>.transcript.json` sidecar gets that transcript
 * (source 'sidecar') without running the engine; otherwise the engine transcribes it.
 */
export function createTranscriber(options: TranscriberOptions = {}): Transcriber {
  const engineName = options.engine ?? 'embedded';
  const engine = createEngine(engineName, { ...options, modelsDir: options.modelsDir ?? defaultModelsDir() });
  return {
    engineName,
    lowAccuracy: engine.lowAccuracy,
    async transcribe(req: TranscribeRequest): Promise<Transcript> {
      throwIfAborted(req.signal);
      const sidecar = await loadSidecarTranscript(req.filePath);
      if (sidecar) {
        const { channels: _channels, ...transcript } = sidecar;
        req.onProgress?.(1);
        return transcript;
      }
      return engine.transcribe(req);
    },
    close: () => engine.close(),
  };
}
