/** Why a transcription failed, so callers (job runner, CLI, UI) can react without parsing messages. */
export type TranscriptionErrorCode =
  | 'file-not-found'
  | 'unsupported-format'
  | 'decode-failed'
  | 'engine-unavailable'
  | 'model-missing'
  | 'engine-failed'
  | 'aborted';

export class TranscriptionError extends Error {
  constructor(
    readonly code: TranscriptionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TranscriptionError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TranscriptionError('aborted', 'transcription cancelled');
}
