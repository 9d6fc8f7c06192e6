import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/open';
import type { FromQueueIndex, QueueIndexWorkerData, ToQueueIndex } from './queue-index-protocol';
import { QueueView, type QueueWindowResult, type WindowQuery } from './queue-window';

type Facets = { campaigns: string[]; agents: string[]; leads: number };

/** What the queue API needs: a window of the ranked queue, and the values to filter by. */
export interface QueueIndex {
  windowAsync(query: WindowQuery): Promise<QueueWindowResult>;
  facets(): Promise<Facets>;
  /** Data changed: start rebuilding now rather than at the next request. */
  changed(): void;
  close(): Promise<void>;
}

// From source (tsx, vitest) the worker is its .ts file and needs tsx's loader for its extensionless
// imports; in the built app electron-vite emits queue-index-worker.js beside the bundled main.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(
  FROM_SOURCE ? './queue-index-worker.ts' : './queue-index-worker.js',
  import.meta.url,
);

/** The queue answered in this thread: tests, the CLI, in-memory databases, or a worker that would not start. */
export function inProcessQueueIndex(db: Db): QueueIndex {
  const view = new QueueView(db);
  view.prepareFirstScreen();
  return {
    windowAsync: (q) => {
      view.warmUp();
      return view.windowAsync(q);
    },
    facets: () => view.facets(),
    changed: () => {},
    close: async () => {},
  };
}

interface Pending {
  message: ToQueueIndex;
  resolve(value: QueueWindowResult | Facets): void;
  reject(error: Error): void;
}

/**
 * The queue answered by a worker thread with its own read connection (queue-index-worker.ts). If
 * the worker cannot start or dies, requests from then on are answered in this thread instead, so
 * the queue never goes dark because of the worker.
 */
export function workerQueueIndex(db: Db, dbPath = db.name): QueueIndex {
  if (db.memory) return inProcessQueueIndex(db);
  let fallback: QueueIndex | null = null;
  let closed = false;
  // Until the worker has loaded its code (about half a second from TypeScript source), the first
  // screen is answered here from SQL alone, so the first paint never waits for the thread to start.
  let workerReady = false;
  const starting = new QueueView(db);
  starting.prepareFirstScreen();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  const data: QueueIndexWorkerData = { dbPath };
  const worker = new Worker(WORKER_URL, {
    workerData: data,
    execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [],
  });
  // Serving keeps the process alive; the index alone must not.
  worker.unref();
  /** The worker is gone: what it was asked and had not answered is answered here. */
  const giveUp = (reason: string): void => {
    if (!closed && !fallback) {
      console.warn(`queue index worker stopped (${reason}); answering the queue in the main thread`);
      fallback = inProcessQueueIndex(db);
    }
    for (const [id, p] of pending) {
      pending.delete(id);
      if (!fallback) p.reject(new Error('queue index closed'));
      else if (p.message.op === 'window') fallback.windowAsync(p.message.query).then(p.resolve, p.reject);
      else fallback.facets().then(p.resolve, p.reject);
    }
  };
  worker.on('message', (message: FromQueueIndex) => {
    if ('ready' in message) {
      workerReady = true;
      return;
    }
    if ('fatal' in message) return giveUp(message.message);
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    if (message.ok) p.resolve(message.value);
    else p.reject(new Error(message.message));
  });
  worker.on('error', (err) => giveUp(err.message));
  worker.on('exit', (code) => giveUp(`exit ${code}`));
  const ask = <T extends QueueWindowResult | Facets>(message: ToQueueIndex): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      pending.set(message.id, {
        message,
        resolve: resolve as (v: QueueWindowResult | Facets) => void,
        reject,
      });
      worker.postMessage(message);
    });
  const closedError = (): Promise<never> => Promise.reject(new Error('queue index closed'));
  return {
    windowAsync: (query) => {
      if (closed) return closedError();
      if (fallback) return fallback.windowAsync(query);
      const first = workerReady ? null : starting.firstScreen(query);
      return first ? Promise.resolve(first) : ask<QueueWindowResult>({ id: nextId++, op: 'window', query });
    },
    facets: () =>
      closed ? closedError() : fallback ? fallback.facets() : ask<Facets>({ id: nextId++, op: 'facets' }),
    changed: () => {
      if (!fallback && !closed) worker.postMessage({ id: 0, op: 'changed' } satisfies ToQueueIndex);
    },
    close: async () => {
      closed = true;
      await worker.terminate();
    },
  };
}
