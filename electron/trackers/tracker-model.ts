import { z } from 'zod';

/**
 * A trained tracker, plain JSON so it can be stored beside a rubric and read back by any later
 * version that knows this format. Matching needs nothing else.
 * Format 2 added soft word alignment (its example words and three more similarity weights).
 */
export const TRACKER_MODEL_FORMAT = 2 as const;

const common = {
  id: z.string(),
  label: z.string(),
  speaker: z.enum(['agent', 'customer', 'any']),
  kind: z.enum(['intent', 'compliance']),
  campaigns: z.array(z.string()).optional(),
  keywords: z.array(z.string()),
  /** Logistic-regression weights: one per known term, then the meaning vector, then similarity features. */
  termWeights: z.record(z.string(), z.number()),
  vectorWeights: z.array(z.number()),
  bias: z.number(),
  /** Example and "not this" meaning vectors (rounded), for nearest-example similarity. */
  positives: z.array(z.array(z.number())),
  negatives: z.array(z.array(z.number())),
  /** Probability at or above which a sentence is a hit. */
  threshold: z.number(),
};

const formatTwo = z.object({
  format: z.literal(TRACKER_MODEL_FORMAT),
  ...common,
  /** Weights of similarityFeatures (train-tracker.ts), in its order. */
  extraWeights: z.array(z.number()).length(6),
  /** Example and "not this" content words, for soft alignment (soft-alignment.ts). */
  positiveWords: z.array(z.array(z.string())),
  negativeWords: z.array(z.array(z.string())),
});

/**
 * A team tracker trained before soft alignment, as stored in SQLite. Read as format 2 with no
 * example words and zero alignment weights, it scores every sentence exactly as it did (its terms
 * have no skip-bigram, so those add nothing either) until the team next saves it.
 */
const formatOne = z
  .object({ format: z.literal(1), ...common, extraWeights: z.array(z.number()).length(3) })
  .transform((m) => ({
    ...m,
    format: TRACKER_MODEL_FORMAT,
    extraWeights: [...m.extraWeights, 0, 0, 0],
    positiveWords: m.positives.map((): string[] => []),
    negativeWords: m.negatives.map((): string[] => []),
  }));

export const trackerModelSchema = z.union([formatTwo, formatOne]);
export type TrackerModel = z.infer<typeof formatTwo>;

export function serialiseTrackerModel(m: TrackerModel): string {
  return JSON.stringify(m);
}

export function parseTrackerModel(json: string): TrackerModel {
  return trackerModelSchema.parse(JSON.parse(json));
}
