import { Worker } from 'node:worker_threads';
import type { Db } from '../db/open';
import type { RubricKind } from '../../shared/scoring/rubric';
import { rescoreAll, type RescoreReport } from './rescore-all';
import type { FromRescoreWorker, RescoreWorkerData } from './rescore-protocol';
import { loadActiveRubrics } from './rubric-store';

export interface RescoreListener {
  progress?(p: { kinds: RubricKind[]; done: number; total: number }): void;
  done?(p: { kinds: RubricKind[]; report: RescoreReport }): void;
  failed?(p: { kinds: RubricKind[]; message: string }): void;
}

/** Re-scores every analysed call after a rubric was saved. */
export interface Rescorer {
  /**
   * Re-score with the active rubrics of `kinds`: now, or once the run under way ends (it may have
   * read the rubric before this save, so it runs again rather than being trusted).
   */
  request(kinds: readonly RubricKind[]): void;
  /** True when scores are written after request() returns (a worker thread), false when before. */
  readonly background: boolean;
  /** Resolves once nothing runs or waits. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The kinds whose active rubric some stored score was not made with: a re-score that a quit, a
 * crash or a failure cut short; or that hold scores without outcome codes (migration 0220). Calls
 * not scored yet are the job runner's, not counted here.
 */
function hasColumn(db: Db, table: string, column: string): boolean {
  return (db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).get(table, column) as unknown) !== undefined;
}

export function staleScoreKinds(db: Db): RubricKind[] {
  // Two ranges of the scores_kind_rubric index (migration 0046), not a scan of every score; and
  // rows without outcome codes (scored before migration 0220), from the scores_without_outcomes index.
  const withoutCodes = hasColumn(db, 'scores', 'outcomes') ? `OR EXISTS (SELECT 1 FROM scores WHERE kind = @kind AND outcomes = '')` : '';
  const stale = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM scores WHERE kind = @kind AND rubric_id < @id)
           OR EXISTS (SELECT 1 FROM scores WHERE kind = @kind AND rubric_id > @id) ${withoutCodes}`,
    )
    .pluck();
  return loadActiveRubrics(db)
    .filter((r) => stale.get({ kind: r.rubric.kind, id: r.rubricId }) === 1)
    .map((r) => r.rubric.kind);
}

/** In this thread, before request() returns: tests, the CLI, in-memory databases. */
export function inProcessRescorer(db: Db, listener: RescoreListener = {}): Rescorer {
  return {
    background: false,
    request(kinds) {
      const k = [...kinds];
      try {
        const report = rescoreAll(db, { kinds: k, onProgress: (done, total) => listener.progress?.({ kinds: k, done, total }) });
        listener.done?.({ kinds: k, report });
      } catch (err) {
        listener.failed?.({ kinds: k, message: err instanceof Error ? err.message : String(err) });
        throw err;
      }
    },
    idle: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

// From source (tsx, vitest) the worker is its .ts file and needs tsx's loader; in the built app
// electron-vite emits rescore-worker.js beside the bundled main (an input in electron.vite.config.ts).
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './rescore-worker.ts' : './rescore-worker.js', import.meta.url);

/**
 * In a worker thread with its own connection, one run at a time; requests during a run are merged
 * into the next. A run cut short (quit, crash) leaves stale scores that staleScoreKinds finds at
 * the next start; nothing half-written is kept, as each chunk of calls commits on its own.
 */
export function workerRescorer(db: Db, listener: RescoreListener = {}, dbPath = db.name): Rescorer {
  if (db.memory) return inProcessRescorer(db, listener);
  let running: Worker | null = null;
  const waiting = new Set<RubricKind>();
  let idleWaiters: (() => void)[] = [];
  let closed = false;
  const settle = (): void => {
    if (running || waiting.size) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((w) => w());
  };
  const launch = (): void => {
    if (running || closed || !waiting.size) return settle();
    const kinds = [...waiting].sort();
    waiting.clear();
    const data: RescoreWorkerData = { dbPath, kinds };
    let worker: Worker;
    try {
      worker = new Worker(WORKER_URL, { workerData: data, execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [] });
    } catch (err) {
      // Reported, not thrown: the save (or the start) it came from still stands, and the scores
      // left stale are found again at the next start.
      listener.failed?.({ kinds, message: `the re-score thread did not start: ${err instanceof Error ? err.message : String(err)}` });
      return settle();
    }
    running = worker;
    let finished = false;
    const end = (failure: string | null, report?: RescoreReport): void => {
      if (finished) return;
      finished = true;
      running = null;
      // Stopped by close(): the next start finds what is left (staleScoreKinds).
      if (closed) return settle();
      if (failure !== null) listener.failed?.({ kinds, message: failure });
      else if (report) listener.done?.({ kinds, report });
      launch();
    };
    worker.on('message', (m: FromRescoreWorker) => {
      if ('progress' in m) listener.progress?.({ kinds, ...m.progress });
      else if ('done' in m) end(null, m.done);
      else end(m.failed);
    });
    worker.on('error', (err) => end(err.message));
    worker.on('exit', (code) => end(`the re-score thread exited (${code}) before it finished`));
  };
  return {
    background: true,
    request(kinds) {
      if (closed) return;
      for (const k of kinds) waiting.add(k);
      launch();
    },
    idle: () => new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
      settle();
    }),
    async close() {
      closed = true;
      waiting.clear();
      await running?.terminate();
      running = null;
      settle();
    },
  };
}
