import { z } from 'zod';
import { method } from './define';

/**
 * A review set travels whole, as base64 inside the one typed API, so IPC and HTTP carry it the
 * same way. The cap keeps a request (a third bigger as base64) well inside what one JSON body
 * and one string may hold; bigger sets are the command line's job (`review-set export`).
 */
export const MAX_REVIEW_SET_BYTES = 128 * 1024 * 1024;
const MAX_BASE64_CHARS = 4 * Math.ceil(MAX_REVIEW_SET_BYTES / 3);

const base64File = z.base64().max(MAX_BASE64_CHARS, `the file is over ${MAX_REVIEW_SET_BYTES / 1024 / 1024} MB`);

export const mergeReportSchema = z.object({
  setId: z.string(),
  exportedAt: z.string(),
  /** Calls the set was exported with. */
  calls: z.array(z.string()),
  added: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Edited on both sides since the export: the later edit was kept, the other is named here. */
  conflicts: z.array(
    z.object({
      reviewUuid: z.string(),
      callId: z.string(),
      kept: z.enum(['set', 'here']),
      hereUpdatedAt: z.string(),
      setUpdatedAt: z.string(),
      hereReviewer: z.string(),
      setReviewer: z.string(),
    }),
  ),
  skipped: z.array(z.object({ reviewUuid: z.string(), callId: z.string(), reason: z.string() })),
});
export type MergeReportDto = z.infer<typeof mergeReportSchema>;

export const reviewSetMethods = {
  exportReviewSet: method(
    z.object({ callIds: z.array(z.string().min(1)).min(1).max(1000) }),
    z.object({
      fileName: z.string(),
      base64: z.string(),
      calls: z.number().int(),
      audio: z.number().int(),
      /** Calls in the set without audio: their recording is missing, or outside the recordings folders. */
      missingAudio: z.array(z.string()),
      /** Why each of missingAudio has no audio. */
      audioNotPacked: z.array(z.object({ callId: z.string(), reason: z.string() })),
    }),
    'One review-set file (audio, transcripts, scores, reviews, rubrics) of the chosen calls, for offline review.',
  ),
  mergeReviewSet: method(
    z.object({ fileName: z.string().max(500), base64: base64File }),
    mergeReportSchema,
    "Merge a review set's manual QA reviews into this database: no duplicates, later edit wins, conflicts listed.",
    { maxInputBytes: MAX_BASE64_CHARS + 64 * 1024 },
  ),
};
