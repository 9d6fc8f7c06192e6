import { z } from 'zod';

export const rubricKindSchema = z.enum(['lead', 'qa']);
export type RubricKind = z.infer<typeof rubricKindSchema>;

export const speakerFilterSchema = z.enum(['agent', 'customer', 'any']);

const criterionBase = {
  id: z.string().min(1),
  description: z.string().default(''),
  /** Points given when the criterion holds; negative points penalise. */
  points: z.number(),
  /** Multiplier a supervisor tunes without rewriting points. */
  weight: z.number().nonnegative().default(1),
  /** Only calls of these campaigns are judged on it; absent means every campaign. */
  campaigns: z.array(z.string()).optional(),
};

export const phraseCriterionSchema = z.object({
  ...criterionBase,
  type: z.literal('phrase'),
  phrases: z.array(z.string().min(1)).min(1),
  speaker: speakerFilterSchema.default('any'),
  /** 'absent' gives the points when none of the phrases was said. */
  when: z.enum(['present', 'absent']).default('present'),
});

export const intentCriterionSchema = z.object({
  ...criterionBase,
  type: z.literal('intent'),
  intent: z.string().min(1),
  when: z.enum(['present', 'absent']).default('present'),
});

export const featureCriterionSchema = z
  .object({
    ...criterionBase,
    type: z.literal('feature'),
    /** Dotted path into CallFeatures, e.g. "durationS" or "conversation.agentTalkRatio". */
    feature: z.string().min(1),
    /** Inclusive lower and exclusive upper bound; either may be absent. */
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .refine((c) => c.min !== undefined || c.max !== undefined, { message: 'a feature criterion needs min or max' });

export const attributeCriterionSchema = z
  .object({
    ...criterionBase,
    type: z.literal('attribute'),
    /** Dotted path into CallFeatures.caller, e.g. "isRepeat", "leadSource" or "attributes.plan". */
    attribute: z.string().min(1),
    equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    in: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .refine((c) => c.equals !== undefined || c.in !== undefined, { message: 'an attribute criterion needs equals or in' });

/** Declared here, answered by the integrations work; this engine treats it as not applicable. */
export const llmQuestionCriterionSchema = z.object({
  ...criterionBase,
  type: z.literal('llm_question'),
  question: z.string().min(1),
});

export const criterionSchema = z.union([
  phraseCriterionSchema,
  intentCriterionSchema,
  featureCriterionSchema,
  attributeCriterionSchema,
  llmQuestionCriterionSchema,
]);
export type Criterion = z.infer<typeof criterionSchema>;
export type CriterionType = Criterion['type'];

export const bandThresholdsSchema = z
  .object({ hot: z.number().min(0).max(100), warm: z.number().min(0).max(100) })
  .refine((b) => b.hot >= b.warm, { message: 'hot threshold must not be below warm' });
export type BandThresholds = z.infer<typeof bandThresholdsSchema>;

export const rubricSchema = z.object({
  kind: rubricKindSchema,
  name: z.string().min(1),
  description: z.string().default(''),
  /**
   * 'sum': score = clamp(sum of weighted points, 0, 100) — points read as score points.
   * 'normalized': score = 100 * earned / maximum earnable over the criteria that apply to the call.
   */
  scale: z.enum(['sum', 'normalized']).default('sum'),
  bands: bandThresholdsSchema.default({ hot: 70, warm: 40 }),
  qualifyThreshold: z.number().min(0).max(100).default(60),
  criteria: z.array(criterionSchema).min(1),
  /**
   * The team trackers' versions in force when this rubric version was saved (id -> version): a
   * tracker save writes a new version of each active rubric, so a score names what found its intents.
   */
  trackers: z.record(z.string(), z.number().int().positive()).optional(),
});
export type Rubric = z.infer<typeof rubricSchema>;
export type RubricInput = z.input<typeof rubricSchema>;

/** Rejects a rubric whose criterion ids repeat, since breakdowns and reviews key on them. */
export function parseRubric(input: unknown): Rubric {
  const rubric = rubricSchema.parse(input);
  const seen = new Set<string>();
  for (const c of rubric.criteria) {
    if (seen.has(c.id)) throw new Error(`rubric "${rubric.name}": criterion id "${c.id}" is used twice`);
    seen.add(c.id);
  }
  return rubric;
}
