import { z } from 'zod';
import { method } from './define';
import { bandSchema } from './queue-view';

export const criterionEvidenceSchema = z.union([
  z.object({ kind: z.literal('quote'), quote: z.string(), start: z.number(), speaker: z.string() }),
  z.object({
    kind: z.literal('value'),
    feature: z.string(),
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
    compared: z.string(),
  }),
  z.object({ kind: z.literal('none'), note: z.string() }),
]);

export const criterionResultSchema = z.object({
  id: z.string(),
  type: z.string(),
  description: z.string(),
  outcome: z.enum(['met', 'not_met', 'not_applicable']),
  points: z.number(),
  maxPoints: z.number(),
  evidence: z.array(criterionEvidenceSchema),
});
export type CriterionResultDto = z.infer<typeof criterionResultSchema>;

export const callScoreSchema = z.object({
  kind: z.enum(['lead', 'qa']),
  score: z.number(),
  band: z.string(),
  qualified: z.boolean(),
  rubric_id: z.number().int(),
  rubric_version: z.number().int(),
  rubric_name: z.string(),
  criteria: z.array(criterionResultSchema),
  /** A supervisor's correction; the AI's score above stays as it was. */
  override: z.object({ score: z.number(), reason: z.string().nullable(), by: z.string(), at: z.string() }).nullable(),
});
export type CallScoreDto = z.infer<typeof callScoreSchema>;

export const callSummarySchema = z.object({
  call_id: z.string(),
  call_start_time: z.string().nullable(),
  call_duration: z.number().nullable(),
  agent: z.string().nullable(),
  campaign: z.string().nullable(),
  direction: z.string().nullable(),
  lead_score: z.number().nullable(),
  lead_band: z.string().nullable(),
  qa_score: z.number().nullable(),
  has_recording: z.boolean(),
});
export type CallSummary = z.infer<typeof callSummarySchema>;

const evidenceSchema = z.object({ quote: z.string(), start: z.number(), speaker: z.string() });

export const manualReviewSchema = z.object({
  review_uuid: z.string(),
  reviewer: z.string(),
  rubric_id: z.number().int().nullable(),
  criterion_scores: z.record(z.string(), z.number()),
  total_score: z.number().nullable(),
  notes: z.string().nullable(),
  updated_at: z.string(),
});
export type ManualReviewDto = z.infer<typeof manualReviewSchema>;

/** A time said on the call, as a window on the caller's clock (analysis/spoken-times.ts). */
export const spokenTimeSchema = z.object({
  kind: z.enum(['callback', 'appointment', 'mentioned']),
  /** ISO 8601 with the caller's offset. */
  start: z.string(),
  end: z.string(),
  time_zone: z.string(),
  /** The number named no zone; the time was read in this machine's zone. */
  zone_assumed: z.boolean(),
  quote: z.string(),
  speaker: z.string(),
  said_at: z.number(),
});
export type SpokenTimeDto = z.infer<typeof spokenTimeSchema>;

export const reviewMethods = {
  getLead: method(
    z.object({ leadId: z.string() }),
    z.object({
      lead: z.object({
        lead_id: z.string(),
        name: z.string().nullable(),
        company: z.string().nullable(),
        phone_number: z.string().nullable(),
        email: z.string().nullable(),
        lead_source: z.string().nullable(),
        campaign: z.string().nullable(),
        lead_score: z.number().nullable(),
        band: bandSchema.nullable(),
        call_count: z.number().int(),
        outcome: z.string().nullable(),
        created_at: z.string(),
      }),
      calls: z.array(callSummarySchema),
    }),
    'A lead and its calls, newest first.',
  ),
  getCall: method(
    z.object({ callId: z.string() }),
    z.object({
      call: callSummarySchema.extend({ lead_id: z.string().nullable() }),
      segments: z.array(z.object({ speaker: z.string(), start: z.number(), end: z.number(), text: z.string() })),
      keywords: z.array(z.string()),
      intents: z.array(z.object({ id: z.string(), evidence: z.array(evidenceSchema) })),
      compliance: z.array(z.object({ id: z.string(), speaker: z.string(), found: z.boolean(), evidence: evidenceSchema.nullable() })),
      /** Callback windows asked for, appointments booked, other times mentioned. */
      spokenTimes: z.array(spokenTimeSchema),
      scores: z.array(callScoreSchema),
      reviews: z.array(manualReviewSchema),
      /** The active QA scorecard's criteria, for the manual form. */
      qaCriteria: z.array(z.object({ id: z.string(), description: z.string(), maxPoints: z.number() })),
    }),
    "A call's transcript, highlights, score breakdowns and manual reviews.",
  ),
  saveReview: method(
    z.object({
      callId: z.string(),
      reviewUuid: z.string().uuid().optional(),
      reviewer: z.string().min(1),
      criterionScores: z.record(z.string(), z.number().min(-1000).max(1000)),
      notes: z.string().max(5000).optional(),
    }),
    z.object({ reviewUuid: z.string(), totalScore: z.number().nullable() }),
    'Create or update a manual QA review of a call.',
  ),
  overrideScore: method(
    z.object({
      callId: z.string(),
      kind: z.enum(['lead', 'qa']),
      newScore: z.number().min(0).max(100),
      reason: z.string().min(1).max(1000),
      by: z.string().min(1),
    }),
    z.object({ ok: z.boolean() }),
    "Override a call's score with a reason; the AI's score stays beside it.",
  ),
};
