import { z } from 'zod';

/**
 * A concept tracker as a person writes it: what the concept is called, who says it, and sentences
 * that say it (and, optionally, sentences that look alike but do not). Matching is learnt from these
 * sentences, so a tracker without any example cannot exist.
 */
export const trackerDefinitionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'id must be lower-case letters, digits, _ or -'),
  label: z.string().default(''),
  speaker: z.enum(['agent', 'customer', 'any']).default('any'),
  /** Compliance statements are checked as found / not found per call; intents are counted. */
  kind: z.enum(['intent', 'compliance']).default('intent'),
  /** Compliance statements required only on these campaigns; absent means all. */
  campaigns: z.array(z.string()).optional(),
  /** Trackers whose examples may also say this concept (e.g. an objection naming a competitor), so they are not used as its negatives. */
  overlapsWith: z.array(z.string()).default([]),
  keywords: z.array(z.string().min(1)).default([]),
  examples: z.array(z.string()).default([]),
  /**
   * A broad concept's examples grouped by what they say (objection: price, timing, someone else decides…),
   * each group learnt by its own sub-model and the tracker scored as their max (train-tracker.ts): one
   * linear model over distinct groups lets each group's words dilute the others'. Every example is in
   * exactly one facet, and `examples` becomes all of them.
   */
  facets: z.array(z.object({ label: z.string().min(1), examples: z.array(z.string()) })).default([]),
  notThis: z.array(z.string()).default([]),
});
export type TrackerDefinition = z.infer<typeof trackerDefinitionSchema>;
export type TrackerDefinitionInput = z.input<typeof trackerDefinitionSchema>;

export class TrackerDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrackerDefinitionError';
  }
}

/** Validates a tracker, naming it and what is wrong in plain words. */
export function parseTrackerDefinition(raw: unknown): TrackerDefinition {
  const parsed = trackerDefinitionSchema.safeParse(raw);
  const name = typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw as { id: unknown }).id) : '(unnamed)';
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'tracker'}: ${i.message}`).join('; ');
    throw new TrackerDefinitionError(`tracker "${name}" is not valid: ${why}`);
  }
  const def = parsed.data;
  const clean = (ss: readonly string[]): string[] => ss.map((e) => e.trim()).filter((e) => e.length > 0);
  const facets = def.facets.map((f) => ({ label: f.label, examples: clean(f.examples) }));
  const faceted = facets.flatMap((f) => f.examples);
  // Parsing again (trainTracker parses what trainTrackerSet parsed) finds the facets' examples already
  // in `examples`, so only examples in no facet are an error.
  const unplaced = facets.length > 0 ? clean(def.examples).filter((e) => !faceted.includes(e)) : [];
  if (unplaced.length > 0) {
    throw new TrackerDefinitionError(`tracker "${def.id}" has facets, but "${unplaced[0]}" is in none of them: put every example in one facet`);
  }
  const empty = facets.find((f) => f.examples.length === 0);
  if (empty) throw new TrackerDefinitionError(`tracker "${def.id}": facet "${empty.label}" has no example sentences`);
  const examples = facets.length > 0 ? faceted : clean(def.examples);
  if (examples.length === 0) {
    throw new TrackerDefinitionError(
      `tracker "${def.id}" has no example sentences: add at least one sentence that says "${def.label || def.id}"`,
    );
  }
  return { ...def, examples, facets, notThis: def.notThis.map((e) => e.trim()).filter((e) => e.length > 0) };
}
