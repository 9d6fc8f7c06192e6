import { z } from 'zod';
import { method } from './define';

/** What is removed from transcripts and recordings before they are stored. */
export const redactionSettingsSchema = z.object({
  card: z.boolean(),
  ssn: z.boolean(),
  bankAccount: z.boolean(),
  email: z.boolean(),
  address: z.boolean(),
});
export type RedactionSettings = z.infer<typeof redactionSettingsSchema>;

const redactionRun = z.object({
  runId: z.number().int(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  /** Calls whose stored transcript (and recording) had something removed. */
  redacted: z.number().int(),
  error: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

const redactionView = z.object({
  settings: redactionSettingsSchema,
  /** The latest run over already stored calls, or null if there never was one. */
  lastRun: redactionRun.nullable(),
});
export type RedactionView = z.infer<typeof redactionView>;

export const redactionMethods = {
  getRedaction: method(z.object({}), redactionView, 'What redaction at rest removes, and its latest run over stored calls.'),
  updateRedaction: method(
    redactionSettingsSchema.partial(),
    redactionView,
    'Change what is removed before storing; turning a kind on also queues a run over every stored call.',
  ),
};
