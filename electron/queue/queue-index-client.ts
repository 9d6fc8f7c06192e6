import { Worker } from 'node:worker_threads';
import type { Db } from '../db/open';
import type { FromQueueIndex, QueueIndexWorkerData, ToQueueIndex } from './queue-index-protocol';
import { QueueView, type Facets, type QueueWindowResult, type WindowQuery } from './queue-window';
import { storedIndexPath } from './stored-index';

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
      void view.warmUp();
      return view.windowAsync(q);
    },
    facets: () => view.facets(),
    changed: () => {},
    close: async () => {},
  };
}

/** How long closing waits for the worker to store a changed index. */
const FLUSH_MS = 3_000;

/** When the worker starts building if nothing but first screens was asked for (a page that never went live, a script). */
const BUILD_AFTER_MS = 2_000;

interface Pending {
  message: ToQueueIndex;
  resolve(value: QueueWindowResult | Facets): void;
  reject(error: Error): void;
}

/**
 * The queue answered by a worker thread with its own read connection (queue-index-worker.ts). If
 * the worker cannot start or dies, requests from then on are answered in this thread instead, so
 * the queue never goes dark because of the worker. While a data change is rebuilt, the worker
 * answers in the previous order (with the rows' current values) and calls `onRebuilt` when the
 * new order is in.
 */
export function workerQueueIndex(db: Db, dbPath = db.name, onRebuilt: () => void = () => {}): QueueIndex {
  if (db.memory) return inProcessQueueIndex(db);
  let fallback: QueueIndex | null = null;
  let closed = false;
  const storePath = storedIndexPath(dbPath);
  // Until the worker holds the index, the first screen is answered here from SQL alone, so the
  // first paint never waits for the thread to load its code and the index, or to build it. Even an
  // index stored at the current data version takes the worker 0.1-0.2 s to load: serve's first
  // page, asked as it started listening, came after 232-272 ms waiting for it, 98-187 ms without
  // (6 starts each). The desktop window always asks that early.
  const starting = new QueueView(db);
  starting.prepareFirstScreen();
  const pending = new Map<number, Pending>();
  let nextId = 1;
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
  /**
   * The worker holds the index (stored, or built): every query goes there from now on. Until then
   * this thread keeps answering the first screens from SQL, so they never queue behind the load.
   */
  let workerAnswers = false;
  let worker: Worker | null = null;
  let flushed: ((ok: boolean) => void) | null = null;
  const started = (): Worker => {
    if (worker) return worker;
    const data: QueueIndexWorkerData = { dbPath, storePath };
    const w = new Worker(WORKER_URL, { workerData: data, execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [] });
    // Serving keeps the process alive; the index alone must not.
    w.unref();
    w.on('message', (message: FromQueueIndex) => {
      if ('fatal' in message) return giveUp(message.message);
      // It loaded the index stored at the current data version, or finished building it.
      if ('ready' in message) return void (workerAnswers = true);
      if ('rebuilt' in message) return onRebuilt();
      if ('flushed' in message) return flushed?.(message.flushed);
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      if (message.ok) p.resolve(message.value);
      else p.reject(new Error(message.message));
    });
    w.on('error', (err) => giveUp(err.message));
    w.on('exit', (code) => giveUp(`exit ${code}`));
    worker = w;
    return w;
  };
  // The build, or the load of a stored index (about 0.1 s of CPU for 100k leads, several times
  // that while a page loads beside it), waits for the first query the first screen cannot answer:
  // the page asks for its filter values as its code starts, after the first paint
  // (opening-pages.ts). So it does not compete with the page loading on a small machine; at the
  // latest BUILD_AFTER_MS. Started at launch, it cost the first paint 240 ms (median of 6
  // interleaved pairs) to save the first sort 170 ms. Started 150 ms after the first screen was
  // served, it landed in the page's first frame: against waiting for the page's query, first paint
  // 708 vs 652 ms, live 950 vs 676 ms (10 interleaved pairs, serve opened as it started).
  let buildAsked = false;
  const build = (): void => {
    if (buildAsked || workerAnswers || closed || fallback) return;
    buildAsked = true;
    started().postMessage({ id: 0, op: 'build' } satisfies ToQueueIndex);
  };
  setTimeout(build, BUILD_AFTER_MS).unref();
  // Loading its code now (while the page loads) has it ready when the build is asked for.
  started();
  const ask = <T extends QueueWindowResult | Facets>(message: ToQueueIndex): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      pending.set(message.id, {
        message,
        resolve: resolve as (v: QueueWindowResult | Facets) => void,
        reject,
      });
      started().postMessage(message);
    });
  const closedError = (): Promise<never> => Promise.reject(new Error('queue index closed'));
  return {
    windowAsync: (query) => {
      if (closed) return closedError();
      if (fallback) return fallback.windowAsync(query);
      const first = workerAnswers ? null : starting.firstScreen(query);
      return first ? Promise.resolve(first) : ask<QueueWindowResult>({ id: nextId++, op: 'window', query });
    },
    facets: () =>
      closed ? closedError() : fallback ? fallback.facets() : ask<Facets>({ id: nextId++, op: 'facets' }),
    changed: () => {
      if (!fallback && !closed) worker?.postMessage({ id: 0, op: 'changed' } satisfies ToQueueIndex);
    },
    close: async () => {
      closed = true;
      // Store the index if a change since the last store would otherwise cost the next start a
      // build; a worker that takes longer than FLUSH_MS is not waited for.
      if (worker && !fallback) {
        const w = worker;
        await new Promise<void>((done) => {
          const timer = setTimeout(done, FLUSH_MS);
          flushed = () => {
            clearTimeout(timer);
            done();
          };
          w.postMessage({ id: 0, op: 'flush' } satisfies ToQueueIndex);
        });
      }
      await worker?.terminate();
    },
  };
}
