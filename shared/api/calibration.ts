import { z } from 'zod';
import { method } from './define';

const kind = z.enum(['lead', 'qa']);

export const rubricVersionSchema = z.object({
  rubric_id: z.number().int(),
  version: z.number().int(),
  name: z.string(),
  active: z.boolean(),
  created_at: z.string(),
  created_by: z.string().nullable(),
});

/** Edits a what-if may try before saving: a weight per criterion id, and band thresholds. */
export const whatIfSchema = z.object({
  weights: z.record(z.string(), z.number().nonnegative().max(100)).optional(),
  bands: z.object({ hot: z.number().min(0).max(100), warm: z.number().min(0).max(100) }).optional(),
});
export type WhatIf = z.infer<typeof whatIfSchema>;

export const agreementSchema = z.object({
  n: z.number().int(),
  kappa: z.number().nullable(),
  spearman: z.number().nullable(),
  exact: z.number().nullable(),
  withinOne: z.number().nullable(),
  mae: z.number().nullable(),
});
export type Agreement = z.infer<typeof agreementSchema>;

export const calibrationSchema = z.object({
  rubricId: z.number().int(),
  version: z.number().int(),
  agreement: agreementSchema,
  points: z.array(z.object({ call_id: z.string(), ai: z.number(), manual: z.number() })),
  disagreements: z.array(z.object({ call_id: z.string(), lead_id: z.string().nullable(), agent: z.string().nullable(), ai: z.number(), manual: z.number(), diff: z.number() })),
  perCriterion: z.array(z.object({ id: z.string(), bothMet: z.number().int(), aiOnly: z.number().int(), manualOnly: z.number().int(), neither: z.number().int() })),
  /** The calls ranked by the (what-if) score, best first: how the order would change. */
  order: z.array(z.object({ call_id: z.string(), lead_id: z.string().nullable(), score: z.number(), band: z.string(), before: z.number() })),
  /** How many calls change position between the active rubric's order and the what-if's. */
  moved: z.number().int(),
  bandCounts: z.object({ hot: z.number().int(), warm: z.number().int(), cold: z.number().int() }),
  /** Unreviewed calls to review next: stratified by band, biggest expected disagreement first. */
  toReview: z.array(z.object({ call_id: z.string(), lead_id: z.string().nullable(), band: z.string(), score: z.number() })),
});
export type Calibration = z.infer<typeof calibrationSchema>;

export const weightSuggestionSchema = z.object({
  /** False when there are too few reviews: weights are then the current ones and nothing is suggested. */
  enough: z.boolean(),
  reviews: z.number().int(),
  minReviews: z.number().int(),
  message: z.string(),
  weights: z.record(z.string(), z.number()),
  /** 90% bootstrap interval of each suggested weight (empty when not enough reviews). */
  intervals: z.record(z.string(), z.object({ low: z.number(), high: z.number() })),
  /** Agreement with the suggested weights on the reviewed calls they were fitted on (in-sample). */
  agreement: agreementSchema,
  /** Agreement with the current weights on the same calls. */
  current: agreementSchema,
  /** Mean absolute error on reviews held out of the fit (5-fold), beside the current weights'. */
  heldOut: z.object({ suggestedMae: z.number(), currentMae: z.number() }).nullable(),
});
export type WeightSuggestion = z.infer<typeof weightSuggestionSchema>;

export const calibrationMethods = {
  listRubrics: method(
    z.object({ kind }),
    z.object({ versions: z.array(rubricVersionSchema), active: z.unknown() }),
    'Every version of a rubric, newest first, and the active definition.',
  ),
  getRubricVersion: method(z.object({ rubricId: z.number().int() }), z.object({ definition: z.unknown() }), 'One rubric version.'),
  calibrate: method(
    z.object({ kind, whatIf: whatIfSchema.optional() }),
    calibrationSchema,
    'Agreement between AI and manual scores, under the active rubric or a what-if edit of it.',
  ),
  suggestWeights: method(
    z.object({ kind }),
    weightSuggestionSchema,
    'Weights fitted to the manual scores, from enough reviews only, with bootstrap intervals (applied only when the user confirms and saves).',
  ),
  saveRubric: method(
    z.object({ kind, definition: z.unknown(), by: z.string().min(1).default('supervisor') }),
    z.object({
      rubricId: z.number().int(),
      version: z.number().int(),
      /** Re-scored in the background (its 'rescore' events tell progress and count), or already. */
      background: z.boolean(),
      /** Calls re-scored with it, when that happened before the answer (background false). */
      calls: z.number().int().nullable(),
    }),
    'Save a new rubric version, make it active and re-score every call with it.',
  ),
};
