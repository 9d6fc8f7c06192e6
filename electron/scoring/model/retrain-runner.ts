import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/open';
import { nextRetrainDue, runDueRetrains } from './retrain-jobs';

/** Runs queued retrains (model_jobs rows) when they fall due. */
export interface Retrainer {
  /** Rows may have changed (an outcome was recorded, here or by another process): look again. */
  notify(): void;
  /** Resolves once no run is due, running or waiting for its debounce. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

// From source (tsx, vitest) the worker is its .ts file and needs tsx's loader; in the built app
// electron-vite emits retrain-worker.js beside the bundled main (an input in electron.vite.config.ts).
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './retrain-worker.ts' : './retrain-worker.js', import.meta.url);
/** Rows another process queued (a CLI import, the REST server of another process) are found within this. */
const POLL_MS = 15_000;

/**
 * Waits for the next queued run's debounce, then runs it in a worker thread with its own
 * connection (in this thread for an in-memory database, which a worker cannot open), one at a
 * time; `onRan` tells open views (Jobs, model history, queue).
 */
export function retrainRunner(db: Db, onRan: () => void, opts: { inProcess?: boolean } = {}): Retrainer {
  const inProcess = opts.inProcess ?? db.memory;
  const owner = `retrain:${process.pid}`;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let closed = false;
  let current: Worker | null = null;
  let idleWaiters: (() => void)[] = [];
  const poll = setInterval(() => look(), POLL_MS);
  poll.unref();

  // A connection closed under a pending wait (a test's, a quick quit): the row stays for the next start.
  const gone = (): boolean => closed || !db.open;
  const settle = (): void => {
    if (!gone() && (running || timer || nextRetrainDue(db) !== null)) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((w) => w());
  };
  const finished = (): void => {
    running = false;
    current = null;
    if (gone()) return settle();
    onRan();
    look();
  };
  const run = (): void => {
    timer = null;
    if (running || gone()) return settle();
    running = true;
    if (inProcess) {
      try {
        runDueRetrains(db, owner);
      } finally {
        finished();
      }
      return;
    }
    let worker: Worker;
    try {
      worker = new Worker(WORKER_URL, { workerData: { dbPath: db.name, owner }, execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [] });
    } catch {
      // The row stays queued: the next look (or the next start) tries again.
      running = false;
      return;
    }
    current = worker;
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      finished();
    };
    worker.on('message', end);
    worker.on('error', end);
    worker.on('exit', end);
  };
  function look(): void {
    if (gone() || running) return settle();
    const due = nextRetrainDue(db);
    if (due === null) return settle();
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, due - Date.now()));
    // A queued row outlives the process (the next start runs it): the wait alone keeps nothing alive.
    timer.unref();
  }
  look();
  return {
    notify: look,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settle();
      }),
    async close() {
      closed = true;
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      timer = null;
      await current?.terminate();
      running = false;
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((w) => w());
    },
  };
}
