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

/** A background run on the conversion model (a retrain after outcomes), as its row says. */
export const modelJobSchema = z.object({
  jobId: z.number().int(),
  kind: z.literal('retrain'),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  cause: z.string(),
  requests: z.number().int(),
  requestedAt: z.string(),
  runAfterMs: z.number(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  modelId: z.number().int().nullable(),
  result: z.string().nullable(),
});
export type ModelJobDto = z.infer<typeof modelJobSchema>;

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
  listModelJobs: method(
    z.object({ limit: z.number().int().positive().max(500).optional() }),
    z.object({ jobs: z.array(modelJobSchema) }),
    'Model retrains queued by outcomes (debounced, run off the serving thread), newest first, with their result.',
  ),
  retryJob: method(jobRef, z.object({ ok: z.boolean() }), 'Queue a failed, cancelled or paused job again.'),
  cancelJob: method(jobRef, z.object({ ok: z.boolean() }), 'Cancel a queued or running job.'),
  pauseJob: method(jobRef, z.object({ ok: z.boolean() }), 'Hold a queued job until it is retried.'),
};
