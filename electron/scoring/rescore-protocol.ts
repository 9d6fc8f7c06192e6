import type { RubricKind } from '../../shared/scoring/rubric';
import type { RescoreReport } from './rescore-all';

/** Messages between a background re-score (background-rescore.ts) and its worker thread. */

export interface RescoreWorkerData {
  /** The database file; the worker opens its own connection to it. */
  dbPath: string;
  kinds: RubricKind[];
}

export type FromRescoreWorker =
  | { progress: { done: number; total: number } }
  | { done: RescoreReport }
  | { failed: string };
