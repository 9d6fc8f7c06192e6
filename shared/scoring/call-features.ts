import { z } from 'zod';

/** Where in the call a piece of evidence was said; quotes are trimmed to one sentence-ish span. */
export const evidenceSchema = z.object({
  quote: z.string(),
  start: z.number(),
  speaker: z.string(),
  /** How sure a concept tracker was that this sentence says its concept (0..1); absent for other evidence. */
  confidence: z.number().min(0).max(1).optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const turnSchema = z.object({
  speaker: z.string(),
  start: z.number(),
  end: z.number(),
  text: z.string(),
  /** VADER compound score, -1..1. */
  sentiment: z.number(),
});
export type Turn = z.infer<typeof turnSchema>;

export const conversationSchema = z.object({
  turns: z.number().int(),
  /** Share of total speech time per speaker label (agent, customer, speaker). */
  talkRatio: z.record(z.string(), z.number()),
  agentTalkRatio: z.number().nullable(),
  customerTalkRatio: z.number().nullable(),
  silenceShare: z.number().nullable(),
  overlapS: z.number(),
  overlaps: z.number().int(),
  /** Per-role figures are null when the transcript does not say who is agent and who is customer (mono). */
  interruptionsByAgent: z.number().int().nullable(),
  interruptionsByCustomer: z.number().int().nullable(),
  longestMonologueS: z.number(),
  longestMonologueSpeaker: z.string().nullable(),
  questionsAgent: z.number().int().nullable(),
  questionsCustomer: z.number().int().nullable(),
});
export type ConversationMetrics = z.infer<typeof conversationSchema>;

export const sentimentSchema = z.object({
  overall: z.number().nullable(),
  agent: z.number().nullable(),
  customer: z.number().nullable(),
  /** Mean over the first and last third of the turns; shift = end - start. */
  start: z.number().nullable(),
  end: z.number().nullable(),
  shift: z.number().nullable(),
});
export type SentimentSummary = z.infer<typeof sentimentSchema>;

export const intentHitSchema = z.object({
  id: z.string(),
  count: z.number().int(),
  evidence: z.array(evidenceSchema),
});
export type IntentHit = z.infer<typeof intentHitSchema>;

export const scriptCheckSchema = z.object({
  id: z.string(),
  /** The speaker the statement is expected from; found only counts if that speaker said it. */
  speaker: z.string(),
  found: z.boolean(),
  evidence: evidenceSchema.nullable(),
});
export type ScriptCheck = z.infer<typeof scriptCheckSchema>;

export const attributeValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type AttributeValue = z.infer<typeof attributeValueSchema>;

export const callerSchema = z.object({
  isRepeat: z.boolean(),
  priorCalls: z.number().int(),
  callCount: z.number().int(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  timeZone: z.string().nullable(),
  localHour: z.number().int().nullable(),
  /** 0 = Sunday … 6 = Saturday, in the caller's local time. */
  localWeekday: z.number().int().nullable(),
  direction: z.string().nullable(),
  agent: z.string().nullable(),
  campaign: z.string().nullable(),
  leadSource: z.string().nullable(),
  attributes: z.record(z.string(), attributeValueSchema),
});
export type CallerProfile = z.infer<typeof callerSchema>;

export const CALL_FEATURES_VERSION = 1;

export const callFeaturesSchema = z.object({
  version: z.literal(CALL_FEATURES_VERSION),
  durationS: z.number().nullable(),
  hasTranscript: z.boolean(),
  conversation: conversationSchema,
  sentiment: sentimentSchema,
  keywords: z.array(z.string()),
  keyphrases: z.array(z.object({ phrase: z.string(), score: z.number() })),
  intents: z.array(intentHitSchema),
  script: z.array(scriptCheckSchema),
  caller: callerSchema,
  /** Kept so that phrase criteria added to a rubric later can be checked without re-analysis. */
  turns: z.array(turnSchema),
});
export type CallFeatures = z.infer<typeof callFeaturesSchema>;
