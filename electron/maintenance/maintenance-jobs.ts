import type { Db } from '../db/open';

export type MaintenanceKind = 'backup' | 'retention';
export type MaintenanceTrigger = 'manual' | 'schedule' | 'erasure';

export interface MaintenanceJob {
  jobId: number;
  kind: MaintenanceKind;
  trigger: MaintenanceTrigger;
  state: 'queued' | 'running' | 'done' | 'failed';
  params: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface Row {
  job_id: number;
  kind: MaintenanceKind;
  trigger: MaintenanceTrigger;
  state: MaintenanceJob['state'];
  params: string;
  result: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const toJob = (r: Row): MaintenanceJob => ({
  jobId: r.job_id,
  kind: r.kind,
  trigger: r.trigger,
  state: r.state,
  params: JSON.parse(r.params) as Record<string, unknown>,
  result: r.result ? (JSON.parse(r.result) as Record<string, unknown>) : null,
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** A job is a row before it runs; one of a kind already queued is not queued twice. */
export function enqueueMaintenance(
  db: Db,
  kind: MaintenanceKind,
  trigger: MaintenanceTrigger,
  params: Record<string, unknown> = {},
  now = new Date(),
): number {
  const queued = db.prepare(`SELECT job_id FROM maintenance_jobs WHERE kind = ? AND state = 'queued'`).pluck().get(kind) as
    | number
    | undefined;
  if (queued !== undefined) return queued;
  const info = db
    .prepare(`INSERT INTO maintenance_jobs (kind, trigger, state, params, created_at) VALUES (?, ?, 'queued', ?, ?)`)
    .run(kind, trigger, JSON.stringify(params), now.toISOString());
  return Number(info.lastInsertRowid);
}

/** Takes the oldest queued job; a job left 'running' by a process that died is taken again. */
export function claimMaintenance(db: Db, now = new Date()): MaintenanceJob | null {
  const row = db
    .prepare(
      `UPDATE maintenance_jobs SET state = 'running', started_at = ?
        WHERE job_id = (SELECT job_id FROM maintenance_jobs WHERE state = 'queued' ORDER BY job_id LIMIT 1)
        RETURNING *`,
    )
    .get(now.toISOString()) as Row | undefined;
  return row ? toJob(row) : null;
}

/** Jobs a killed process left running go back to the queue (called at start, before claiming). */
export function requeueAbandoned(db: Db): number {
  return db.prepare(`UPDATE maintenance_jobs SET state = 'queued', started_at = NULL WHERE state = 'running'`).run().changes;
}

export function finishMaintenance(db: Db, jobId: number, outcome: { result: Record<string, unknown> } | { error: string }): void {
  const now = new Date().toISOString();
  if ('error' in outcome)
    db.prepare(`UPDATE maintenance_jobs SET state = 'failed', error = ?, finished_at = ? WHERE job_id = ?`).run(outcome.error, now, jobId);
  else
    db.prepare(`UPDATE maintenance_jobs SET state = 'done', result = ?, finished_at = ? WHERE job_id = ?`).run(
      JSON.stringify(outcome.result),
      now,
      jobId,
    );
}

export function recentMaintenance(db: Db, kind?: MaintenanceKind, limit = 20): MaintenanceJob[] {
  const rows = kind
    ? db.prepare(`SELECT * FROM maintenance_jobs WHERE kind = ? ORDER BY job_id DESC LIMIT ?`).all(kind, limit)
    : db.prepare(`SELECT * FROM maintenance_jobs ORDER BY job_id DESC LIMIT ?`).all(limit);
  return (rows as Row[]).map(toJob);
}

/** When the last job of a kind finished well, for the schedule. */
export function lastDone(db: Db, kind: MaintenanceKind): string | null {
  return (db
    .prepare(`SELECT MAX(finished_at) FROM maintenance_jobs WHERE kind = ? AND state = 'done'`)
    .pluck()
    .get(kind) ?? null) as string | null;
}
