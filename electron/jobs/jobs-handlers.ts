import type { CoreContext } from '../core/context';
import type { Api } from '../../shared/api/contract';
import { listModelJobs } from '../scoring/model/retrain-jobs';
import { getStatus } from './status';
import { cancelJob, pauseJob, retryJob } from './store';
import type { JobSummary } from '../../shared/api/jobs';

type JobsApi = Pick<Api, 'getStatus' | 'listJobs' | 'listModelJobs' | 'retryJob' | 'cancelJob' | 'pauseJob'>;

export function jobsHandlers(ctx: CoreContext): JobsApi {
  const changed = (jobId: number, ok: boolean): { ok: boolean } => {
    if (ok) {
      ctx.events.emit('event', { type: 'data-changed', tables: ['jobs'] });
      ctx.notifyRunner();
    }
    void jobId;
    return { ok };
  };
  return {
    async getStatus() {
      return getStatus(ctx.db);
    },
    async listJobs({ state, limit }) {
      const jobs = ctx.db
        .prepare(
          `SELECT j.job_id, j.call_id, c.recording_path AS file, j.stage, j.state, j.progress, j.attempts, j.last_error, j.updated_at
           FROM jobs j JOIN calls c ON c.call_id = j.call_id
           WHERE (? IS NULL OR j.state = ?)
           ORDER BY CASE j.state WHEN 'running' THEN 0 WHEN 'failed' THEN 1 WHEN 'queued' THEN 2 WHEN 'paused' THEN 3 ELSE 4 END,
                    j.updated_at DESC
           LIMIT ?`,
        )
        .all(state ?? null, state ?? null, limit ?? 500) as JobSummary[];
      return { jobs };
    },
    async listModelJobs({ limit }) {
      return { jobs: listModelJobs(ctx.db, limit ?? 50) };
    },
    async retryJob({ jobId }) {
      return changed(jobId, retryJob(ctx.db, jobId));
    },
    async cancelJob({ jobId }) {
      return changed(jobId, cancelJob(ctx.db, jobId));
    },
    async pauseJob({ jobId }) {
      return changed(jobId, pauseJob(ctx.db, jobId));
    },
  };
}
