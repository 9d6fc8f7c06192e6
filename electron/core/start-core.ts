import { availableParallelism } from 'node:os';
import { openDatabase, type Db } from '../db/open';
import { createStageHandlers } from '../jobs/pipeline';
import { JobRunner } from '../jobs/runner';
import { watchRecordings, type RecordingsWatcher } from '../ingest/watcher';
import type { Api } from '../../shared/api/contract';
import { createApiHandlers } from './api/index';
import { createCoreContext, type CoreContext } from './context';
import { createDefaultSteps } from './default-steps';

export interface CoreOptions {
  dbPath: string;
  /** Run the job runner in this process. */
  runJobs?: boolean;
  watchFolder?: string;
  concurrency?: number;
}

export interface RunningCore {
  db: Db;
  ctx: CoreContext;
  api: Api;
  runner: JobRunner | null;
  watcher: RecordingsWatcher | null;
  close(): Promise<void>;
}

/** The core as the desktop app and `serve` run it: store, API, and optionally watcher and runner. */
export function startCore(options: CoreOptions): RunningCore {
  const db = openDatabase(options.dbPath);
  const steps = options.runJobs ? createDefaultSteps() : null;
  const runner = steps
    ? new JobRunner(db, createStageHandlers(steps), {
        concurrency: options.concurrency ?? Math.max(1, availableParallelism() - 1),
      })
    : null;
  const ctx = createCoreContext(db, () => runner?.notify());
  if (runner) {
    runner.on('progress', (e) => ctx.events.emit('event', { type: 'job-progress', ...e }));
    runner.on('stageDone', (e) =>
      ctx.events.emit('event', { type: 'job-changed', jobId: e.jobId, callId: e.callId, stage: e.stage, state: 'stage-done' }),
    );
    runner.on('failed', (e) =>
      ctx.events.emit('event', {
        type: 'job-changed',
        jobId: e.jobId,
        callId: e.callId,
        stage: e.stage,
        state: e.final ? 'failed' : 'retrying',
        reason: e.reason,
      }),
    );
    void runner.runForever();
  }
  const watcher = options.watchFolder
    ? watchRecordings(db, options.watchFolder, {
        onOutcome: (o) => {
          if (o.kind === 'added' || o.kind === 'rejected') {
            ctx.events.emit('event', { type: 'data-changed', tables: ['calls', 'leads', 'jobs'] });
            runner?.notify();
          }
        },
      })
    : null;
  return {
    db,
    ctx,
    api: createApiHandlers(ctx),
    runner,
    watcher,
    async close() {
      await watcher?.close();
      await runner?.stop();
      await steps?.close();
      db.close();
    },
  };
}
