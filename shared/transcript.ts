import { z } from 'zod';

/** One recognised word; times are seconds from the start of the recording. */
export const transcriptWordSchema = z.object({
  word: z.string(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  confidence: z.number().min(0).max(1).optional(),
});

/** A stretch of speech by one speaker ("agent", "customer", or "speaker" for an unknown mono track). */
export const transcriptSegmentSchema = z.object({
  speaker: z.string().min(1),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  text: z.string(),
  words: z.array(transcriptWordSchema).optional(),
});

export const transcriptSourceSchema = z.enum(['engine', 'sidecar', 'telephony', 'import']);

export const transcriptSchema = z.object({
  engine: z.string(),
  model: z.string(),
  engineVersion: z.string(),
  source: transcriptSourceSchema,
  language: z.string().default('en'),
  durationS: z.number().nonnegative(),
  segments: z.array(transcriptSegmentSchema),
});

export type TranscriptWord = z.infer<typeof transcriptWordSchema>;
export type TranscriptSegment = z.infer<typeof transcriptSegmentSchema>;
export type Transcript = z.infer<typeof transcriptSchema>;

/** Which speaker sits on which stereo channel, as a sidecar or setting says. */
export const channelMapSchema = z.object({
  left: z.string().min(1).optional(),
  right: z.string().min(1).optional(),
});
export type ChannelMap = z.infer<typeof channelMapSchema>;
