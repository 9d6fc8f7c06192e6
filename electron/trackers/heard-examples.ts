import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { readShippedJson } from './word-vectors';

/**
 * What the embedded speech engine heard when the trackers' training sentences were spoken on 8 kHz calls
 * (scripts/make-heard-tracker-examples.ts). Training can add each heard form as a row of its sentence's
 * class, so the trackers also learn the recogniser's version of a concept; the shipped built-in models do
 * not (it cost text-side recall: docs/design/concept-trackers.md, heard examples), only the re-scorer
 * (tests/bench/trackers/rescore-heard-calls.ts) passes them. Never part of the call-centre LM, which is
 * built from the clean sentences.
 */
export const HEARD_EXAMPLES_FILE = 'heard-examples.json';

const heardSentenceSchema = z.object({ said: z.string(), heard: z.string(), voice: z.string(), speed: z.number() });
export type HeardSentence = z.infer<typeof heardSentenceSchema>;

export const heardFileSchema = z.object({
  /** How the audio was made and decoded, so the file can be remade the same way. */
  made: z.object({
    espeak: z.string(),
    rate: z.number(),
    folds: z.number(),
    accents: z.array(z.string()),
    variants: z.array(z.string()),
    speeds: z.array(z.number()),
    backgroundStep: z.number(),
    engine: z.string(),
  }),
  sentences: z.array(heardSentenceSchema),
});
export type HeardFile = z.infer<typeof heardFileSchema>;

/** A sentence's heard form, when the engine heard something other than what was said. */
export type HeardLookup = (said: string) => string | undefined;

const normal = (s: string): string => s.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').replace(/\s+/g, ' ').trim();

let shipped: Map<string, string> | undefined;

/**
 * The shipped file's heard forms by the sentence said (none where the file is absent). A sentence heard
 * word for word, or not at all, has none: another row would only weigh it twice.
 */
export function shippedHeardForms(): ReadonlyMap<string, string> {
  if (shipped) return shipped;
  shipped = new Map();
  // HEARD_EXAMPLES_SNAPSHOT: a copy to measure on while the script is still adding to the shipped file.
  const snapshot = process.env.HEARD_EXAMPLES_SNAPSHOT;
  const path = snapshot ?? fileURLToPath(new URL(`../../resources/trackers/${HEARD_EXAMPLES_FILE}`, import.meta.url));
  if (existsSync(path)) {
    const raw: unknown = snapshot ? JSON.parse(readFileSync(snapshot, 'utf8')) : readShippedJson(HEARD_EXAMPLES_FILE);
    for (const s of heardFileSchema.parse(raw).sentences) {
      if (s.heard.trim() && normal(s.heard) !== normal(s.said)) shipped.set(s.said, s.heard);
    }
  }
  return shipped;
}

export function shippedHeardExamples(): HeardLookup {
  const forms = shippedHeardForms();
  return (said) => forms.get(said);
}
