import { z } from 'zod';

export const jobCountsSchema = z.object({
  queued: z.number(),
  running: z.number(),
  done: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  paused: z.number(),
});

export const failedItemSchema = z.object({
  file: z.string(),
  stage: z.string(),
  reason: z.string(),
  call_id: z.string().nullable(),
});

export const statusReportSchema = z.object({
  calls: z.number(),
  leads: z.number(),
  jobs: jobCountsSchema,
  /** Unfinished jobs per stage they wait at. */
  stages: z.record(z.string(), z.number()),
  failed: z.array(failedItemSchema),
});
export type StatusReport = z.infer<typeof statusReportSchema>;
export type FailedItem = z.infer<typeof failedItemSchema>;
