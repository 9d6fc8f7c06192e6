import { z } from 'zod';
import { method } from './define';

export const reasonSchema = z.object({
  feature: z.string(),
  value: z.string(),
  contribution: z.number(),
  kind: z.literal('phrase').optional(),
});

const num = z.number().nullable();

export const gateSchema = z.object({
  rule: z.string(),
  outcomes: z.number().int(),
  positives: z.number().int(),
  negatives: z.number().int(),
  candidateAuc: num,
  candidateLowerBound: num,
  rubricAuc: num,
  rubricScored: z.number().int(),
  active: z.object({ modelId: z.number().int(), auc: num, basis: z.string() }).nullable(),
  checks: z.object({ enoughOutcomes: z.boolean(), aboveChance: z.boolean(), beatsRubric: z.boolean(), beatsActive: z.boolean() }),
});

export const modelVersionSchema = z.object({
  modelId: z.number().int(),
  trainedAt: z.string(),
  trigger: z.enum(['manual', 'auto']),
  trainedBy: z.string().nullable(),
  outcomes: z.number().int(),
  converted: z.number().int(),
  algorithm: z.string(),
  /** Whether it reads the conversation (a text model stacked with the structured one). */
  readsWords: z.boolean(),
  /** Out-of-fold AUC, and of each part (structured, each speaker's words, stacked). */
  auc: num,
  parts: z.array(z.object({ part: z.string(), auc: num })),
  liftByDecile: z.array(z.object({ decile: z.number().int(), rows: z.number().int(), rate: z.number(), lift: z.number() })),
  reliability: z.array(z.object({ bin: z.string(), rows: z.number().int(), predicted: z.number(), observed: z.number() })),
  brier: num,
  topFeatures: z.array(z.object({ feature: z.string(), weight: z.number() })),
  /** active now; was_live: active before (it can be restored); refused: never went live. */
  status: z.enum(['active', 'was_live', 'refused']),
  reason: z.string(),
  gate: gateSchema.nullable(),
  activatedAt: z.string().nullable(),
});
export type ModelVersion = z.infer<typeof modelVersionSchema>;

export const modelEventSchema = z.object({
  eventId: z.number().int(),
  modelId: z.number().int().nullable(),
  event: z.enum(['activated', 'refused', 'rolled_back']),
  by: z.string(),
  at: z.string(),
  reason: z.string(),
});

export const phraseStatSchema = z.object({
  role: z.enum(['customer', 'agent', 'speaker']),
  phrase: z.string(),
  /** Leads with a known outcome whose calls contain the phrase, and how many of them converted. */
  leads: z.number().int(),
  converted: z.number().int(),
  rate: z.number(),
  /** The rate over the overall conversion rate. */
  lift: z.number(),
  /** The live model's weight for it, when it reads words and kept the phrase. */
  weight: z.number().nullable(),
});
export type PhraseStat = z.infer<typeof phraseStatSchema>;

export const conversionPhrasesSchema = z.object({
  outcomes: z.number().int(),
  converted: z.number().int(),
  baseRate: z.number().nullable(),
  minLeads: z.number().int(),
  /** Listed only when the rate with and without the phrase differ by this many standard errors. */
  minZ: z.number(),
  modelId: z.number().int().nullable(),
  /** Said more often before a conversion, strongest evidence first; then those said more often before a loss. */
  converting: z.array(phraseStatSchema),
  lost: z.array(phraseStatSchema),
});
export type ConversionPhrases = z.infer<typeof conversionPhrasesSchema>;

export const predictionEntrySchema = z.object({
  predictionId: z.number().int(),
  predictedAt: z.string(),
  modelId: z.number().int(),
  modelAuc: num,
  rubricId: z.number().int().nullable(),
  rubricVersion: z.number().int().nullable(),
  leadScore: num,
  probability: z.number(),
  reasons: z.array(reasonSchema),
  cause: z.string(),
  changes: z.array(z.string()),
});

export const modelMethods = {
  listModelVersions: method(
    z.object({}),
    z.object({
      basis: z.enum(['model', 'rubric']),
      activeModelId: z.number().int().nullable(),
      rule: z.string(),
      versions: z.array(modelVersionSchema),
      events: z.array(modelEventSchema),
    }),
    'Every conversion model version, newest first: outcomes used, AUC, lift, reliability, top features, and why it is live or was refused.',
  ),
  rollbackModel: method(
    z.object({
      /** A model that was live before, or null to rank by rubric score again. */
      modelId: z.number().int().nullable(),
      by: z.string().min(1).max(200).default('supervisor'),
      reason: z.string().max(500).optional(),
    }),
    z.object({ active: z.number().int().nullable(), previous: z.number().int().nullable(), predictions: z.number().int() }),
    'Make an earlier model live again (or the rubric score the basis) and re-predict every lead with it.',
  ),
  leadPredictionHistory: method(
    z.object({ leadId: z.string().min(1).max(200) }),
    z.object({ leadId: z.string(), entries: z.array(predictionEntrySchema) }),
    "A lead's predictions, oldest first, each with its model, rubric version and score, and what changed since the one before.",
  ),
  getConversionPhrases: method(
    z.object({ limit: z.number().int().positive().max(100).default(15) }),
    conversionPhrasesSchema,
    'Phrases that predict conversion in your calls (and loss), with how many leads said them, their conversion rate and lift.',
  ),
};
