import { z } from 'zod';
import { method } from './define';

/** Columns the queue can be sorted by; the server sorts so the renderer never holds 100k rows. */
export const queueSortSchema = z.enum(['rank', 'score', 'probability', 'last_called_at', 'attempts', 'age', 'campaign', 'agent', 'name']);
export type QueueSort = z.infer<typeof queueSortSchema>;

export const bandSchema = z.enum(['hot', 'warm', 'cold']);

/** What the rank is made of, so the queue can say why a lead sits where it does. */
export const rankPartsSchema = z.object({
  score: z.number(),
  speed: z.number(),
  attempts: z.number(),
  callback: z.number(),
  /** 'model' when a conversion probability drove the score part, else 'rubric'. */
  basis: z.enum(['model', 'rubric']),
});
export type RankParts = z.infer<typeof rankPartsSchema>;

export const spokenWindowSchema = z.object({
  call_id: z.string(),
  /** ISO 8601 with the caller's offset. */
  start: z.string(),
  end: z.string(),
  time_zone: z.string(),
  /** The number named no zone; the window was read in this machine's zone. */
  zone_assumed: z.boolean(),
  quote: z.string(),
});
export type SpokenWindow = z.infer<typeof spokenWindowSchema>;

export const queueRowSchema = z.object({
  lead_id: z.string(),
  rank: z.number().int(),
  priority: z.number(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  score: z.number().nullable(),
  band: bandSchema.nullable(),
  probability: z.number().nullable(),
  last_called_at: z.string().nullable(),
  attempts: z.number().int(),
  created_at: z.string(),
  campaign: z.string().nullable(),
  agent: z.string().nullable(),
  outcome: z.string().nullable(),
  callback_at: z.string().nullable(),
  /** The callback window the caller asked for on a call, in their words (analysis/spoken-times.ts). */
  callback_window: spokenWindowSchema.nullable(),
  parts: rankPartsSchema,
  /** Why the lead ranks here: the same text `queue --json` and REST /leads give (electron/ranking/rank-reason.ts). */
  rank_reason: z.string(),
});
export type QueueRow = z.infer<typeof queueRowSchema>;

export const queueQuerySchema = z.object({
  sort: queueSortSchema.default('rank'),
  desc: z.boolean().default(false),
  search: z.string().max(200).optional(),
  band: bandSchema.optional(),
  campaign: z.string().optional(),
  agent: z.string().optional(),
  /** 'open' hides leads with a recorded outcome. */
  status: z.enum(['open', 'all', 'converted', 'lost']).default('open'),
});
export type QueueQuery = z.input<typeof queueQuerySchema>;

export const queueViewMethods = {
  queueWindow: method(
    queueQuerySchema.extend({
      offset: z.number().int().nonnegative(),
      limit: z.number().int().positive().max(1000),
    }),
    z.object({ total: z.number().int(), rows: z.array(queueRowSchema), builtAt: z.string() }),
    'One window of the ranked queue, sorted and filtered on the server.',
  ),
  queueFacets: method(
    z.object({}),
    z.object({ campaigns: z.array(z.string()), agents: z.array(z.string()), leads: z.number().int() }),
    'The campaigns and agents the queue can be filtered by.',
  ),
  markCalled: method(z.object({ leadId: z.string() }), z.object({ ok: z.boolean() }), 'Count one more dial attempt now.'),
  recordOutcome: method(
    z.object({
      leadId: z.string(),
      outcome: z.enum(['converted', 'lost']).nullable(),
      reason: z.string().max(500).optional(),
      by: z.string().min(1).default('supervisor'),
    }),
    z.object({ ok: z.boolean() }),
    "Record a lead's outcome (kept in its history with who, when, old and new value).",
  ),
};
