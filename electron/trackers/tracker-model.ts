import { z } from 'zod';

/**
 * A trained tracker, plain JSON so it can be stored beside a rubric and read back by any later
 * version that knows this format. Matching needs nothing else.
 * Format 2 added soft word alignment (its example words and three more similarity weights).
 * Format 3 is format 2 with alignment comparing words by the encoder word table (alignmentVectors,
 * word-vectors.ts) instead of the skip-gram one: the same fields, but weights learnt in another
 * similarity space, so a format-2 model is told apart and retrained (retrain-stale-tracker.ts).
 * Format 4 holds one sub-model per facet of the tracker (tracker-definition.ts), each its own
 * weights and examples beside the tracker's shared "not this" sentences; the tracker's probability is
 * their max. A tracker without facets has one part, which is format 3's fields, so a stored format-3
 * model reads as format 4 and scores exactly as before.
 */
export const TRACKER_MODEL_FORMAT = 4 as const;

/** Soft alignment's weights were learnt on skip-gram word similarities, which matching no longer computes. */
export const SKIP_GRAM_ALIGNMENT_FORMAT = 2 as const;

const header = {
  id: z.string(),
  label: z.string(),
  speaker: z.enum(['agent', 'customer', 'any']),
  kind: z.enum(['intent', 'compliance']),
  campaigns: z.array(z.string()).optional(),
  keywords: z.array(z.string()),
  /** "Not this" meaning vectors (rounded), for nearest-"not this" similarity. */
  negatives: z.array(z.array(z.number())),
  /** Probability at or above which a sentence is a hit. */
  threshold: z.number(),
};

const weights = {
  /** Logistic-regression weights: one per known term, then the meaning vector, then similarity features. */
  termWeights: z.record(z.string(), z.number()),
  vectorWeights: z.array(z.number()),
  bias: z.number(),
  /** Example meaning vectors (rounded), for nearest-example similarity. */
  positives: z.array(z.array(z.number())),
};

const alignedWeights = {
  ...weights,
  /** Weights of similarityFeatures (train-tracker.ts), in its order. */
  extraWeights: z.array(z.number()).length(6),
  /** Example content words, for soft alignment (soft-alignment.ts). */
  positiveWords: z.array(z.array(z.string())),
};

/** One facet's sub-model (the whole tracker's when it has no facets). */
const trackerPart = z.object({ facet: z.string().optional(), ...alignedWeights });
export type TrackerPart = z.infer<typeof trackerPart>;

const formatFour = z.object({
  format: z.literal(TRACKER_MODEL_FORMAT),
  ...header,
  /** "Not this" content words, for soft alignment. */
  negativeWords: z.array(z.array(z.string())),
  parts: z.array(trackerPart).min(1),
});

/** Formats 2 and 3: one model's weights beside the header. */
const singleAligned = { ...header, ...alignedWeights, negativeWords: z.array(z.array(z.string())) };

function asParts<F extends number>(
  m: z.infer<z.ZodObject<typeof singleAligned>>,
  format: F,
): Omit<z.infer<typeof formatFour>, 'format'> & { format: F } {
  const { termWeights, vectorWeights, bias, positives, extraWeights, positiveWords, ...rest } = m;
  return { ...rest, format, parts: [{ termWeights, vectorWeights, bias, positives, extraWeights, positiveWords }] };
}

/** The last single-model format: its fields are one part of format 4, scoring as they always did. */
const formatThree = z.object({ format: z.literal(3), ...singleAligned }).transform((m) => asParts(m, TRACKER_MODEL_FORMAT));

/**
 * Read as it is, format kept: it still matches (its alignment weights meet encoder similarities,
 * so its probabilities drift), which beats dropping a tracker whose definition no longer trains.
 */
const formatTwo = z
  .object({ format: z.literal(SKIP_GRAM_ALIGNMENT_FORMAT), ...singleAligned })
  .transform((m) => asParts(m, SKIP_GRAM_ALIGNMENT_FORMAT));

/**
 * A team tracker trained before soft alignment, as stored in SQLite. Read as the current format with
 * no example words and zero alignment weights, it scores every sentence exactly as it did (its terms
 * have no skip-bigram, so those add nothing either, and zero weights make the alignment space moot)
 * until the team next saves it.
 */
const formatOne = z
  .object({ format: z.literal(1), ...header, ...weights, extraWeights: z.array(z.number()).length(3) })
  .transform((m) =>
    asParts(
      {
        ...m,
        extraWeights: [...m.extraWeights, 0, 0, 0],
        positiveWords: m.positives.map((): string[] => []),
        negativeWords: m.negatives.map((): string[] => []),
      },
      TRACKER_MODEL_FORMAT,
    ),
  );

export const trackerModelSchema = z.union([formatFour, formatThree, formatTwo, formatOne]);
export type TrackerModel = z.infer<typeof trackerModelSchema>;

export function serialiseTrackerModel(m: TrackerModel): string {
  return JSON.stringify(m);
}

export function parseTrackerModel(json: string): TrackerModel {
  return trackerModelSchema.parse(JSON.parse(json));
}
