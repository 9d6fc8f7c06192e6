import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import { nextStage, type JobStage, type JobState, type Stage } from './stages';

export interface JobRow {
  job_id: number;
  call_id: string;
  stage: JobStage;
  state: JobState;
  attempts: number;
  max_attempts: number;
  progress: number;
  last_error: string | null;
  failed_stage: string | null;
}

/** Queues a call's pipeline from its first stage; a call that already has a job keeps it. */
export function enqueueJob(db: Db, callId: string, now = new Date().toISOString()): void {
  stmt(
    db,
    `INSERT INTO jobs (call_id, stage, state, created_at, updated_at) VALUES (?, 'transcribe', 'queued', ?, ?)
     ON CONFLICT(call_id) DO NOTHING`,
  ).run(callId, now, now);
}

/**
 * Takes the next runnable job under a lease. A job left 'running' by a process that died is
 * taken again once its lease runs out, so a kill never strands work.
 */
export function claimNextJob(
  db: Db,
  owner: string,
  leaseMs: number,
  nowMs = Date.now(),
  skipStages: readonly string[] = [],
): JobRow | null {
  // Stages at their concurrency limit are skipped, so cheap stages keep flowing past a busy one.
  const skip = JSON.stringify(skipStages);
  const row = stmt(
    db,
    `UPDATE jobs SET state = 'running', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
       WHERE job_id = (
         SELECT job_id FROM jobs
         WHERE ((state = 'queued' AND run_after <= ?) OR (state = 'running' AND lease_until < ?))
           AND stage NOT IN (SELECT value FROM json_each(?))
         ORDER BY job_id LIMIT 1)
       RETURNING job_id, call_id, stage, state, attempts, max_attempts, progress, last_error, failed_stage`,
  ).get(owner, nowMs + leaseMs, new Date(nowMs).toISOString(), nowMs, nowMs, skip) as JobRow | undefined;
  return row ?? null;
}

/** Releases jobs this owner held, e.g. after a clean shutdown mid-stage. */
export function releaseLeases(db: Db, owner: string): void {
  stmt(
    db,
    `UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL, attempts = MAX(attempts - 1, 0)
     WHERE state = 'running' AND lease_owner = ?`,
  ).run(owner);
}

/** Jobs whose owner process is gone (a crash, kill -9) become runnable at once. */
export function expireLeasesOf(db: Db, isAlive: (owner: string) => boolean): number {
  const running = stmt(db, `SELECT job_id, lease_owner FROM jobs WHERE state = 'running'`).all() as {
    job_id: number;
    lease_owner: string | null;
  }[];
  const expire = stmt(db, `UPDATE jobs SET lease_until = 0 WHERE job_id = ?`);
  let n = 0;
  for (const r of running) {
    if (!r.lease_owner || !isAlive(r.lease_owner)) {
      expire.run(r.job_id);
      n++;
    }
  }
  return n;
}

export function renewLease(db: Db, jobId: number, owner: string, leaseMs: number): boolean {
  const res = stmt(db, `UPDATE jobs SET lease_until = ? WHERE job_id = ? AND lease_owner = ? AND state = 'running'`).run(Date.now() + leaseMs, jobId, owner);
  return res.changes === 1;
}

export function setProgress(db: Db, jobId: number, progress: number): void {
  stmt(db, `UPDATE jobs SET progress = ? WHERE job_id = ?`).run(progress, jobId);
}

/**
 * Commits a stage: the caller's writes and the job's move to the next stage happen in one
 * transaction, and only if this owner still holds the lease — so a stage's result lands once.
 */
export function completeStage(db: Db, job: JobRow, owner: string, write: () => void): boolean {
  const stage = job.stage as Stage;
  return db.transaction(() => {
    const held = stmt(db, `SELECT 1 FROM jobs WHERE job_id = ? AND lease_owner = ? AND state = 'running' AND stage = ?`).get(job.job_id, owner, stage);
    if (!held) return false;
    write();
    const next = nextStage(stage);
    const now = new Date().toISOString();
    stmt(
      db,
      `INSERT INTO job_runs (job_id, call_id, stage, outcome, finished_at) VALUES (?, ?, ?, 'done', ?)`,
    ).run(job.job_id, job.call_id, stage, now);
    stmt(
      db,
      `UPDATE jobs SET stage = ?, state = ?, attempts = 0, progress = 0, lease_owner = NULL, lease_until = NULL,
         last_error = NULL, updated_at = ?, finished_at = ? WHERE job_id = ?`,
    ).run(next, next === 'done' ? 'done' : 'queued', now, next === 'done' ? now : null, job.job_id);
    return true;
  })();
}

/** Records a failure: retried after a backoff while attempts remain, else failed for good with its reason. */
export function failStage(
  db: Db,
  job: JobRow,
  owner: string,
  reason: string,
  retryable: boolean,
  backoffMs: number,
): void {
  const now = new Date().toISOString();
  const final = !retryable || job.attempts >= job.max_attempts;
  db.transaction(() => {
    stmt(
      db,
      `INSERT INTO job_runs (job_id, call_id, stage, outcome, error, finished_at) VALUES (?, ?, ?, 'failed', ?, ?)`,
    ).run(job.job_id, job.call_id, job.stage, reason, now);
    stmt(
      db,
      `UPDATE jobs SET state = ?, run_after = ?, last_error = ?, failed_stage = ?, lease_owner = NULL, lease_until = NULL,
         updated_at = ?, finished_at = ? WHERE job_id = ? AND lease_owner = ?`,
    ).run(
      final ? 'failed' : 'queued',
      final ? 0 : Date.now() + backoffMs,
      reason,
      job.stage,
      now,
      final ? now : null,
      job.job_id,
      owner,
    );
  })();
}

export function cancelJob(db: Db, jobId: number): boolean {
  return (
    db
      .prepare(
        `UPDATE jobs SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE job_id = ? AND state IN ('queued', 'running', 'paused')`,
      )
      .run(new Date().toISOString(), jobId).changes === 1
  );
}

export function pauseJob(db: Db, jobId: number): boolean {
  return (
    stmt(db, `UPDATE jobs SET state = 'paused', updated_at = ? WHERE job_id = ? AND state = 'queued'`).run(
      new Date().toISOString(),
      jobId,
    ).changes === 1
  );
}

/** Puts a failed, cancelled or paused job back in the queue at the stage where it stopped. */
export function retryJob(db: Db, jobId: number): boolean {
  return (
    db
      .prepare(
        `UPDATE jobs SET state = 'queued', attempts = 0, run_after = 0, last_error = NULL, updated_at = ?
         WHERE job_id = ? AND state IN ('failed', 'cancelled', 'paused')`,
      )
      .run(new Date().toISOString(), jobId).changes === 1
  );
}

export function countJobsByState(db: Db): Record<JobState, number> {
  const counts: Record<JobState, number> = {
    queued: 0,
    running: 0,
    done: 0,
    failed: 0,
    cancelled: 0,
    paused: 0,
  };
  for (const r of stmt(db, `SELECT state, COUNT(*) AS n FROM jobs GROUP BY state`).all() as {
    state: JobState;
    n: number;
  }[]) {
    counts[r.state] = r.n;
  }
  return counts;
}
