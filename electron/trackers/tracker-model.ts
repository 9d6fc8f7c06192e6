import { z } from 'zod';

/**
 * A trained tracker, plain JSON so it can be stored beside a rubric and read back by any later
 * version that knows this format. Matching needs nothing else.
 * Format 2 added soft word alignment (its example words and three more similarity weights).
 * Format 3 is format 2 with alignment comparing words by the encoder word table (alignmentVectors,
 * word-vectors.ts) instead of the skip-gram one: the same fields, but weights learnt in another
 * similarity space, so a format-2 model is told apart and retrained (retrain-stale-tracker.ts).
 */
export const TRACKER_MODEL_FORMAT = 3 as const;

/** Soft alignment's weights were learnt on skip-gram word similarities, which matching no longer computes. */
export const SKIP_GRAM_ALIGNMENT_FORMAT = 2 as const;

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

const aligned = {
  ...common,
  /** Weights of similarityFeatures (train-tracker.ts), in its order. */
  extraWeights: z.array(z.number()).length(6),
  /** Example and "not this" content words, for soft alignment (soft-alignment.ts). */
  positiveWords: z.array(z.array(z.string())),
  negativeWords: z.array(z.array(z.string())),
};

const formatThree = z.object({ format: z.literal(TRACKER_MODEL_FORMAT), ...aligned });

/**
 * Read as it is, format kept: it still matches (its alignment weights meet encoder similarities,
 * so its probabilities drift), which beats dropping a tracker whose definition no longer trains.
 */
const formatTwo = z.object({ format: z.literal(SKIP_GRAM_ALIGNMENT_FORMAT), ...aligned });

/**
 * A team tracker trained before soft alignment, as stored in SQLite. Read as the current format with
 * no example words and zero alignment weights, it scores every sentence exactly as it did (its terms
 * have no skip-bigram, so those add nothing either, and zero weights make the alignment space moot)
 * until the team next saves it.
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

export const trackerModelSchema = z.union([formatThree, formatTwo, formatOne]);
export type TrackerModel = z.infer<typeof trackerModelSchema>;

export function serialiseTrackerModel(m: TrackerModel): string {
  return JSON.stringify(m);
}

export function parseTrackerModel(json: string): TrackerModel {
  return trackerModelSchema.parse(JSON.parse(json));
}
