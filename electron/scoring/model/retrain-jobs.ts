import type Database from 'better-sqlite3';
import { activeModel, retrainIfOutcomesChanged, type TrainOutcome } from './model-store';
import { refreshStalePredictions } from './prediction-store';

/**
 * The model retrain as a job row (migration 0210): scheduled by every outcome, in the same
 * transaction as the outcome, and run later off the serving thread (retrain-runner.ts).
 * Debounced: outcomes marked in a burst (a supervisor going down the queue pressing w and x) fold
 * into one queued run that starts DEBOUNCE_MS after the last of them, or MAX_WAIT_MS after the
 * first, whichever comes first, so a steady stream still retrains.
 */
export const DEBOUNCE_MS = 2_000;
export const MAX_WAIT_MS = 30_000;
/** A run whose process died is taken again after its lease. */
const LEASE_MS = 10 * 60_000;

export interface ModelJob {
  jobId: number;
  kind: 'retrain';
  state: 'queued' | 'running' | 'done' | 'failed';
  cause: string;
  requests: number;
  requestedAt: string;
  runAfterMs: number;
  startedAt: string | null;
  finishedAt: string | null;
  modelId: number | null;
  result: string | null;
}

interface Row {
  job_id: number;
  kind: 'retrain';
  state: ModelJob['state'];
  cause: string;
  requests: number;
  requested_at: string;
  run_after_ms: number;
  started_at: string | null;
  finished_at: string | null;
  model_id: number | null;
  result: string | null;
}

const fromRow = (r: Row): ModelJob => ({
  jobId: r.job_id,
  kind: r.kind,
  state: r.state,
  cause: r.cause,
  requests: r.requests,
  requestedAt: r.requested_at,
  runAfterMs: r.run_after_ms,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  modelId: r.model_id,
  result: r.result,
});

/** Queues a retrain, or folds the request into the one already queued. Runs in the caller's transaction. */
export function scheduleRetrain(db: Database.Database, cause: string, nowMs = Date.now()): number {
  const queued = db.prepare(`SELECT job_id, requested_at FROM model_jobs WHERE kind = 'retrain' AND state = 'queued'`).get() as
    | { job_id: number; requested_at: string }
    | undefined;
  if (queued) {
    const latest = Math.min(Date.parse(queued.requested_at) + MAX_WAIT_MS, nowMs + DEBOUNCE_MS);
    db.prepare('UPDATE model_jobs SET cause = ?, requests = requests + 1, run_after_ms = ? WHERE job_id = ?').run(cause, latest, queued.job_id);
    return queued.job_id;
  }
  const info = db
    .prepare(`INSERT INTO model_jobs (kind, state, cause, requested_at, run_after_ms) VALUES ('retrain', 'queued', ?, ?, ?)`)
    .run(cause, new Date(nowMs).toISOString(), nowMs + DEBOUNCE_MS);
  return Number(info.lastInsertRowid);
}

/** When the next queued run is due (epoch ms), or null when none is queued. */
export function nextRetrainDue(db: Database.Database): number | null {
  return (db.prepare(`SELECT MIN(run_after_ms) FROM model_jobs WHERE state = 'queued'`).pluck().get() as number | null) ?? null;
}

/** Takes the due run (or one whose owner's lease ran out) for `owner`; null when none is due. */
export function claimRetrain(db: Database.Database, owner: string, nowMs = Date.now(), ignoreDebounce = false): ModelJob | null {
  const row = db
    .prepare(
      `UPDATE model_jobs SET state = 'running', lease_owner = ?, lease_until = ?, started_at = ?
       WHERE job_id = (SELECT job_id FROM model_jobs
                       WHERE (state = 'queued' AND (? OR run_after_ms <= ?)) OR (state = 'running' AND lease_until < ?)
                       ORDER BY job_id LIMIT 1)
       RETURNING *`,
    )
    .get(owner, nowMs + LEASE_MS, new Date(nowMs).toISOString(), ignoreDebounce ? 1 : 0, nowMs, nowMs) as Row | undefined;
  return row ? fromRow(row) : null;
}

export interface RetrainResult {
  modelId: number | null;
  result: string;
  trained: TrainOutcome | null;
}

/** The work of one run: retrain when outcomes changed since the newest model, then re-predict leads that changed. */
export function retrainNow(db: Database.Database): RetrainResult {
  const trained = retrainIfOutcomesChanged(db);
  const repredicted = refreshStalePredictions(db, activeModel(db));
  const tail = repredicted ? `; ${repredicted} leads re-predicted` : '';
  if (!trained) return { modelId: null, result: `no outcome arrived since the newest model${tail}`, trained };
  if (trained.status === 'cold_start') return { modelId: null, result: `cold start: ${trained.reason}${tail}`, trained };
  return { modelId: trained.model.modelId, result: `model #${trained.model.modelId} ${trained.status}: ${trained.reason}${tail}`, trained };
}

export function finishRetrain(db: Database.Database, jobId: number, owner: string, outcome: { ok: true; result: RetrainResult } | { ok: false; error: string }): void {
  db.prepare(
    `UPDATE model_jobs SET state = ?, finished_at = ?, model_id = ?, result = ?, lease_owner = NULL, lease_until = NULL
     WHERE job_id = ? AND lease_owner = ?`,
  ).run(
    outcome.ok ? 'done' : 'failed',
    new Date().toISOString(),
    outcome.ok ? outcome.result.modelId : null,
    outcome.ok ? outcome.result.result : outcome.error,
    jobId,
    owner,
  );
}

/**
 * Claims and runs the due runs in this thread (all queued ones with ignoreDebounce): what a
 * one-shot command (import, crm pull) does before it exits, and tests. Returns what the last run trained.
 */
export function runDueRetrains(db: Database.Database, owner: string, opts: { ignoreDebounce?: boolean } = {}): { jobs: ModelJob[]; trained: TrainOutcome | null } {
  const jobs: ModelJob[] = [];
  let trained: TrainOutcome | null = null;
  for (let job = claimRetrain(db, owner, Date.now(), opts.ignoreDebounce); job; job = claimRetrain(db, owner, Date.now(), opts.ignoreDebounce)) {
    try {
      const result = retrainNow(db);
      trained = result.trained ?? trained;
      finishRetrain(db, job.jobId, owner, { ok: true, result });
    } catch (err) {
      finishRetrain(db, job.jobId, owner, { ok: false, error: err instanceof Error ? err.message : String(err) });
    }
    jobs.push(modelJob(db, job.jobId) as ModelJob);
  }
  return { jobs, trained };
}

export function modelJob(db: Database.Database, jobId: number): ModelJob | null {
  const r = db.prepare('SELECT * FROM model_jobs WHERE job_id = ?').get(jobId) as Row | undefined;
  return r ? fromRow(r) : null;
}

/** The newest runs first, for the Jobs view. */
export function listModelJobs(db: Database.Database, limit = 50): ModelJob[] {
  return (db.prepare('SELECT * FROM model_jobs ORDER BY job_id DESC LIMIT ?').all(limit) as Row[]).map(fromRow);
}
