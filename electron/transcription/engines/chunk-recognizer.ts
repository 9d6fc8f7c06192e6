import type { TranscriptWord } from '../../../shared/transcript';
import type { SpeechChunk } from '../vad/energy-vad-chunker';

/** What an engine that works on short chunks returns for one; word times are seconds from the recording start. */
export interface RecognizedChunk {
  text: string;
  words: TranscriptWord[];
}

/** One channel's recogniser: fed speech chunks in time order. */
export interface ChunkRecognizer {
  recognize(chunk: SpeechChunk): Promise<RecognizedChunk>;
  /** Give the recogniser back (to a pool) or free it. */
  release(): Promise<void>;
}

/** Splits a 16 kHz stream into chunks; the VAD chunker is the normal one. */
export interface Chunker {
  push(samples: Float32Array): SpeechChunk[];
  flush(): SpeechChunk[];
}
