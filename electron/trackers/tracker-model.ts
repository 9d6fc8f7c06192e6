import { z } from 'zod';

/**
 * A trained tracker, plain JSON so it can be stored beside a rubric and read back by any later
 * version that knows this format. Matching needs nothing else.
 */
export const TRACKER_MODEL_FORMAT = 1;

export const trackerModelSchema = z.object({
  format: z.literal(TRACKER_MODEL_FORMAT),
  id: z.string(),
  label: z.string(),
  speaker: z.enum(['agent', 'customer', 'any']),
  kind: z.enum(['intent', 'compliance']),
  campaigns: z.array(z.string()).optional(),
  keywords: z.array(z.string()),
  /** Logistic-regression weights: one per known term, then the meaning vector, then similarity features. */
  termWeights: z.record(z.string(), z.number()),
  vectorWeights: z.array(z.number()),
  /** Weights of [nearest example cosine, nearest "not this" cosine, keyword present]. */
  extraWeights: z.array(z.number()).length(3),
  bias: z.number(),
  /** Example and "not this" meaning vectors (rounded), for nearest-example similarity. */
  positives: z.array(z.array(z.number())),
  negatives: z.array(z.array(z.number())),
  /** Probability at or above which a sentence is a hit. */
  threshold: z.number(),
});
export type TrackerModel = z.infer<typeof trackerModelSchema>;

export function serialiseTrackerModel(m: TrackerModel): string {
  return JSON.stringify(m);
}

export function parseTrackerModel(json: string): TrackerModel {
  return trackerModelSchema.parse(JSON.parse(json));
}
