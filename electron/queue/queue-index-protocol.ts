import type { Facets, QueueWindowResult, WindowQuery } from './queue-window';

/** Messages between the queue index (workerQueueIndex) and its worker thread. */

export interface QueueIndexWorkerData {
  /** The database file; the worker opens its own connection to it. */
  dbPath: string;
  /** Where the index is kept between runs (stored-index.ts). */
  storePath: string;
}

export type ToQueueIndex =
  | { id: number; op: 'window'; query: WindowQuery }
  | { id: number; op: 'facets' }
  /** Data changed: rebuild now, before the next request has to wait for it. */
  | { id: 0; op: 'changed' }
  /** Start building: the first screen has been served (or nobody asked for it in time). */
  | { id: 0; op: 'build' }
  /** The app is closing: store the index now if it is newer than the one on disk. */
  | { id: 0; op: 'flush' };

export type FromQueueIndex =
  | { id: number; ok: true; value: QueueWindowResult | Facets }
  | { id: number; ok: false; message: string }
  /** The index is in (on disk at the current data version, or built): every query can come here from now on. */
  | { id: 0; ready: true }
  /** A data change has been rebuilt: what was answered since the change may be in the old order. */
  | { id: 0; rebuilt: true }
  /** The answer to flush: whether an index is on disk at the current data version now. */
  | { id: 0; flushed: boolean }
  /** Start-up failed (the database would not open): the client falls back to answering in-process. */
  | { id: 0; ok: false; message: string; fatal: true };
