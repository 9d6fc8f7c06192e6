import { z } from 'zod';
import { method } from './define';

/**
 * A team tracker as a supervisor writes it. Examples are not required here: a tracker without
 * any is refused by the core with a message that says what to add, not by a schema error.
 */
export const teamTrackerInputSchema = z.object({
  /** Absent for a new tracker: the core derives it from the name. */
  id: z.string().optional(),
  name: z.string().trim().min(1, 'give the tracker a name').max(80),
  speaker: z.enum(['agent', 'customer', 'any']).default('any'),
  examples: z.array(z.string().max(500)).max(500),
  keywords: z.array(z.string().max(80)).max(50).default([]),
  notThis: z.array(z.string().max(500)).max(500).default([]),
});
export type TeamTrackerInput = z.input<typeof teamTrackerInputSchema>;
export type TeamTracker = z.output<typeof teamTrackerInputSchema>;

export const storedTeamTrackerSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  tracker: teamTrackerInputSchema.required({ id: true }),
  created_at: z.string(),
  created_by: z.string().nullable(),
});
export type StoredTeamTracker = z.infer<typeof storedTeamTrackerSchema>;

export const trackerHitSchema = z.object({
  call_id: z.string(),
  lead_id: z.string().nullable(),
  quote: z.string(),
  start: z.number(),
  speaker: z.string(),
  confidence: z.number(),
});
export type TrackerPreviewHit = z.infer<typeof trackerHitSchema>;

/** How the tracker does on its own examples and "not this" sentences, each judged by a model trained without it. */
export const trackerQualitySchema = z.object({
  examples: z.number().int(),
  notThis: z.number().int(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
});
export type TrackerQuality = z.infer<typeof trackerQualitySchema>;

/** How many of the latest stored calls a preview reads unless told. */
export const PREVIEW_CALLS = 100;

export const trackerMethods = {
  listTrackers: method(
    z.object({}),
    z.object({
      trackers: z.array(storedTeamTrackerSchema),
      builtIn: z.array(z.object({ id: z.string(), label: z.string(), speaker: z.string() })),
    }),
    "The team's own trackers (current versions) and the built-in ones.",
  ),
  previewTracker: method(
    z.object({ tracker: teamTrackerInputSchema, lastCalls: z.number().int().positive().max(2000).default(PREVIEW_CALLS) }),
    z.object({ calls: z.number().int(), hits: z.array(trackerHitSchema), quality: trackerQualitySchema }),
    'Train a tracker from its examples (not saved) and run it on the last N stored calls.',
    { maxInputBytes: 1_000_000 },
  ),
  saveTracker: method(
    z.object({ tracker: teamTrackerInputSchema, by: z.string().min(1).default('supervisor') }),
    z.object({
      id: z.string(),
      version: z.number().int(),
      /** The rubric versions written with this tracker version, one per kind. */
      rubricVersions: z.record(z.string(), z.number().int()),
      /** Calls queued for re-analysis (from their stored transcripts) and re-scoring, as job rows. */
      queued: z.number().int(),
    }),
    'Save a tracker as its next version, record it with new rubric versions and re-analyse stored calls in the background.',
    { maxInputBytes: 1_000_000 },
  ),
};
