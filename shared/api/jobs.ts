import { z } from 'zod';
import { method } from './define';
import { statusReportSchema } from './status';

export const jobSummarySchema = z.object({
  job_id: z.number(),
  call_id: z.string(),
  file: z.string().nullable(),
  stage: z.string(),
  state: z.string(),
  progress: z.number(),
  attempts: z.number(),
  last_error: z.string().nullable(),
  updated_at: z.string(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

const jobRef = z.object({ jobId: z.number().int().positive() });

export const jobMethods = {
  getStatus: method(z.object({}), statusReportSchema, 'Counts of calls, leads and jobs by state, and every failed item.'),
  listJobs: method(
    z.object({
      state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'paused']).optional(),
      limit: z.number().int().positive().max(5000).optional(),
    }),
    z.object({ jobs: z.array(jobSummarySchema) }),
    'Jobs, unfinished and failed first.',
  ),
  retryJob: method(jobRef, z.object({ ok: z.boolean() }), 'Queue a failed, cancelled or paused job again.'),
  cancelJob: method(jobRef, z.object({ ok: z.boolean() }), 'Cancel a queued or running job.'),
  pauseJob: method(jobRef, z.object({ ok: z.boolean() }), 'Hold a queued job until it is retried.'),
};
