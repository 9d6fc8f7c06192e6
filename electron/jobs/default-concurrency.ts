import { availableParallelism } from 'node:os';
import type { RunnerOptions } from './runner';

/**
 * The embedded engine runs a stereo call on about four threads (two channels, each with a decoder
 * and a keyword spotter), so transcriptions get a quarter of the cores; analysis and scoring are
 * quick and take the rest.
 */
export function defaultConcurrency(
  cores = availableParallelism(),
): Pick<RunnerOptions, 'concurrency' | 'stageConcurrency'> {
  return {
    concurrency: Math.max(2, cores),
    stageConcurrency: { transcribe: Math.max(1, Math.floor(cores / 4)) },
  };
}
