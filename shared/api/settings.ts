import { z } from 'zod';
import { SECRET_NAMES } from './secret-names';
import { bandThresholdsSchema } from '../scoring/rubric';
import { method } from './define';

/** Team-wide settings of this installation, as the settings store keeps them. Secrets are not here: they are write-only (below). */
export const storedSettingsSchema = z.object({
  /** Folder watched for new recordings; null = not watching. */
  recordingsFolder: z.string().min(1).nullable(),
  /** Speech-to-text engine for new calls. */
  engine: z.enum(['embedded', 'embedded-call-centre', 'local-neural', 'openai']),
  /** ISO 3166 region for phone numbers written without a country code. */
  defaultPhoneRegion: z.string().regex(/^[A-Z]{2}$/, 'two capital letters, e.g. US'),
  /** OpenAI features run only when this is on AND an API key is set. */
  openaiEnabled: z.boolean(),
});
export type StoredSettings = z.infer<typeof storedSettingsSchema>;

/**
 * The settings as the API shows and changes them. The lead bands are not stored with the others:
 * they are the active lead rubric's own, and changing them saves a new lead rubric version (so
 * scores, the queue and reports use them at once, and the rubric history shows the change).
 */
export const settingsSchema = storedSettingsSchema.extend({
  bandThresholds: bandThresholdsSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_STORED_SETTINGS: StoredSettings = {
  recordingsFolder: null,
  engine: 'embedded',
  defaultPhoneRegion: 'US',
  openaiEnabled: false,
};

export const secretNameSchema = z.enum(SECRET_NAMES);

const settingsView = z.object({
  settings: settingsSchema,
  /** The lead rubric version whose bands `settings.bandThresholds` shows. */
  leadRubric: z.object({ version: z.number().int(), name: z.string() }),
  /** Which secrets are set: names and a flag, never a value. */
  secrets: z.array(z.object({ name: secretNameSchema, set: z.boolean() })),
  watching: z.object({
    folder: z.string().nullable(),
    /** Why watching failed or what went wrong since (the watcher keeps going). */
    error: z.string().nullable(),
    /** What the watcher leaves alone under the folder (links it does not follow), and why. */
    skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  }),
  /** Where secrets are kept here, in words ("operating system keychain (safeStorage)", "encrypted file"). */
  secretStorage: z.string(),
});
export type SettingsView = z.infer<typeof settingsView>;

export const settingsMethods = {
  getSettings: method(
    z.object({}),
    settingsView,
    'The settings, which secrets are set (never their values), and the watched folder.',
  ),
  updateSettings: method(
    settingsSchema.partial(),
    settingsView,
    'Change settings; a new recordings folder starts being watched at once (null stops watching); ' +
      'new band thresholds are saved as a new lead rubric version and every call is re-scored.',
  ),
  setSecret: method(
    z.object({ name: secretNameSchema, value: z.string().min(1).max(4096) }),
    z.object({ ok: z.boolean() }),
    'Store a secret (write-only: no method ever returns it).',
  ),
  clearSecret: method(
    z.object({ name: secretNameSchema }),
    z.object({ ok: z.boolean() }),
    'Forget a stored secret.',
  ),
};
