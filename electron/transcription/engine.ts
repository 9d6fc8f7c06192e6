import type { ChannelMap, Transcript } from '../../shared/transcript';

export interface TranscribeRequest {
  filePath: string;
  /** Speaker names per stereo channel; mono recordings ignore it. */
  channels?: ChannelMap;
  signal?: AbortSignal;
  /** Fraction of audio processed, 0..1. */
  onProgress?: (fraction: number) => void;
}

/** Every speech-to-text engine (embedded, local neural, OpenAI) implements this. */
export interface SpeechEngine {
  readonly name: string;
  readonly model: string;
  readonly version: string;
  /** Low-accuracy engines say so, so the UI can label their transcripts. */
  readonly lowAccuracy: boolean;
  transcribe(request: TranscribeRequest): Promise<Transcript>;
}
