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
  examples: z.array(z.string()),
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
  const examples = def.examples.map((e) => e.trim()).filter((e) => e.length > 0);
  if (examples.length === 0) {
    throw new TrackerDefinitionError(
      `tracker "${def.id}" has no example sentences: add at least one sentence that says "${def.label || def.id}"`,
    );
  }
  return { ...def, examples, notThis: def.notThis.map((e) => e.trim()).filter((e) => e.length > 0) };
}
