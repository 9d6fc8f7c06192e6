import type { Transcript } from '../../../../shared/transcript';
import type { SpeechEngine, TranscribeRequest } from '../../engine';
import { TranscriptionError } from '../../errors';
import { OpenAiEngine } from './openai-engine';

export interface OpenAiCredentials {
  apiKey: string;
  baseURL?: string;
}

/**
 * Where the key comes from: asked before each recording, so a key saved (or the switch turned
 * on) in Settings takes effect without a restart. null means OpenAI is off or has no key.
 */
export type OpenAiCredentialSource = () => Promise<OpenAiCredentials | null>;

/** The Whisper engine with its key looked up per recording from the app's secret store. */
export class KeyedOpenAiEngine implements SpeechEngine {
  readonly name = 'openai';
  readonly model = 'whisper-1';
  readonly version = 'openai-api';
  readonly lowAccuracy = false;
  private current: { key: string; engine: OpenAiEngine } | null = null;

  constructor(private readonly credentials: OpenAiCredentialSource) {}

  async transcribe(request: TranscribeRequest): Promise<Transcript> {
    const c = await this.credentials();
    if (!c) {
      throw new TranscriptionError(
        'engine-unavailable',
        'OpenAI transcription is off: switch OpenAI on in Settings and save an OpenAI API key, then retry',
      );
    }
    // One client per key and host: a changed key gets a fresh one, an unchanged one is reused.
    const key = `${c.baseURL ?? ''}\n${c.apiKey}`;
    if (this.current?.key !== key) this.current = { key, engine: new OpenAiEngine(c) };
    return this.current.engine.transcribe(request);
  }

  async close(): Promise<void> {
    await this.current?.engine.close();
  }
}
