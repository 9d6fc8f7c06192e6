import type { Db } from '../db/open';
import type { Stage } from './stages';

export interface StageContext {
  db: Db;
  callId: string;
  signal: AbortSignal;
  /** Fraction of this stage done, 0..1. */
  progress(fraction: number): void;
}

/**
 * Does a stage's work outside any transaction and returns the writes that record its result;
 * the runner commits those writes together with the job's advance, exactly once.
 */
export type StageHandler = (ctx: StageContext) => Promise<() => void>;
export type StageHandlers = Record<Stage, StageHandler>;

/** A failure that retrying cannot fix (a corrupt file, say): the job fails at once with this reason. */
export class PermanentStageError extends Error {}
