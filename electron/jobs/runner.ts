import { EventEmitter } from 'node:events';
import { stmt } from '../db/statements';
import type { Db } from '../db/open';
import { PermanentStageError, type StageHandlers } from './stage-handler';
import type { Stage } from './stages';
import {
  claimNextJob,
  completeStage,
  expireLeasesOf,
  failStage,
  releaseLeases,
  renewLease,
  setProgress,
  type JobRow,
} from './store';
import { newOwnerId, ownerIsAlive } from './owner';
import { yieldToEventLoop } from '../core/event-loop';

export interface RunnerOptions {
  concurrency?: number;
  /** Tighter limits for heavy stages (transcription uses several threads per call). */
  stageConcurrency?: Partial<Record<Stage, number>>;
  leaseMs?: number;
  /** Base of the exponential retry backoff. */
  backoffMs?: number;
  pollMs?: number;
}

export interface RunnerEvents {
  progress: [{ jobId: number; callId: string; stage: Stage; fraction: number }];
  stageDone: [{ jobId: number; callId: string; stage: Stage }];
  failed: [{ jobId: number; callId: string; stage: Stage; reason: string; final: boolean }];
  idle: [];
}

/**
 * Runs stored jobs with bounded concurrency. Every job is a row before it runs, each stage's
 * result commits with the job's advance, and leases of dead processes are taken over, so a
 * crash or kill loses nothing and duplicates nothing.
 */
export class JobRunner extends EventEmitter<RunnerEvents> {
  readonly owner = newOwnerId();
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly backoffMs: number;
  private readonly pollMs: number;
  private readonly stageLimits: Partial<Record<Stage, number>>;
  private readonly active = new Map<number, AbortController>();
  private readonly activeStages = new Map<number, Stage>();
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly handlers: StageHandlers,
    options: RunnerOptions = {},
  ) {
    super();
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.stageLimits = options.stageConcurrency ?? {};
    this.leaseMs = options.leaseMs ?? 60_000;
    this.backoffMs = options.backoffMs ?? 1_000;
    this.pollMs = options.pollMs ?? 1_000;
  }

  /** Processes jobs until none is runnable now (failed ones waiting for a retry included). */
  async runUntilIdle(): Promise<void> {
    expireLeasesOf(this.db, ownerIsAlive);
    await this.loop(true);
  }

  /** Keeps processing as jobs arrive, until stop(). */
  async runForever(): Promise<void> {
    expireLeasesOf(this.db, ownerIsAlive);
    await this.loop(false);
  }

  /** New work was queued: look now instead of at the next poll. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const c of this.active.values()) c.abort();
    this.notify();
    while (this.active.size > 0) await new Promise((r) => setTimeout(r, 20));
    releaseLeases(this.db, this.owner);
  }

  cancel(jobId: number): void {
    this.active.get(jobId)?.abort();
  }

  private async loop(untilIdle: boolean): Promise<void> {
    const running = new Set<Promise<void>>();
    while (!this.stopped) {
      while (running.size < this.concurrency && !this.stopped) {
        const job = claimNextJob(this.db, this.owner, this.leaseMs, Date.now(), this.fullStages());
        if (!job) break;
        const p = this.execute(job).finally(() => running.delete(p));
        running.add(p);
      }
      if (running.size === 0) {
        if (untilIdle && !this.hasRetryPending()) break;
        this.emit('idle');
        await this.sleep(untilIdle ? Math.min(this.pollMs, 200) : this.pollMs);
        continue;
      }
      await Promise.race([...running, new Promise<void>((r) => (this.wake = r))]);
      this.wake = null;
      // Analyse and score stages wait on no I/O, so without this a re-analysis of 10,000 calls ran
      // as one turn of the event loop: requests, lease renewals and the finalizers that free
      // SQLite statements all waited for its end (the statements alone grew the process by ~600 MB).
      await yieldToEventLoop();
    }
    await Promise.all(running);
  }

  private fullStages(): Stage[] {
    const running = [...this.activeStages.values()];
    return (Object.entries(this.stageLimits) as [Stage, number][])
      .filter(([stage, limit]) => running.filter((s) => s === stage).length >= Math.max(1, limit))
      .map(([stage]) => stage);
  }

  private hasRetryPending(): boolean {
    return !!stmt(this.db, `SELECT 1 FROM jobs WHERE state = 'queued' LIMIT 1`).get();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async execute(job: JobRow): Promise<void> {
    const stage = job.stage as Stage;
    const controller = new AbortController();
    this.active.set(job.job_id, controller);
    this.activeStages.set(job.job_id, stage);
    const renew = setInterval(() => {
      if (!renewLease(this.db, job.job_id, this.owner, this.leaseMs)) controller.abort();
    }, this.leaseMs / 3);
    let lastWrite = 0;
    try {
      const write = await this.handlers[stage]({
        db: this.db,
        callId: job.call_id,
        signal: controller.signal,
        progress: (fraction) => {
          this.emit('progress', { jobId: job.job_id, callId: job.call_id, stage, fraction });
          // Progress is for the UI; a write every half second is plenty and keeps the WAL calm.
          if (Date.now() - lastWrite > 500) {
            lastWrite = Date.now();
            setProgress(this.db, job.job_id, fraction);
          }
        },
      });
      if (controller.signal.aborted) throw new Error('cancelled');
      if (completeStage(this.db, job, this.owner, write)) {
        this.emit('stageDone', { jobId: job.job_id, callId: job.call_id, stage });
      }
    } catch (err) {
      if (this.stopped) return; // released on stop; it resumes next time
      const reason = (err as Error).message || String(err);
      if (controller.signal.aborted && reason === 'cancelled') return;
      const permanent = err instanceof PermanentStageError;
      const backoff = this.backoffMs * 2 ** Math.max(0, job.attempts - 1);
      failStage(this.db, job, this.owner, reason, !permanent, backoff);
      this.emit('failed', {
        jobId: job.job_id,
        callId: job.call_id,
        stage,
        reason,
        final: permanent || job.attempts >= job.max_attempts,
      });
    } finally {
      clearInterval(renew);
      this.active.delete(job.job_id);
      this.activeStages.delete(job.job_id);
      this.notify();
    }
  }
}
