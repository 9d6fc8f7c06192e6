import { z } from 'zod';
import { SECRET_NAMES } from '../../electron/secrets/secret-store';
import { method } from './define';

/** Team-wide settings of this installation. Secrets are not here: they are write-only (below). */
export const settingsSchema = z.object({
  /** Folder watched for new recordings; null = not watching. */
  recordingsFolder: z.string().min(1).nullable(),
  /** Default lead bands for new rubric versions (a saved rubric version keeps its own). */
  bandThresholds: z
    .object({ hot: z.number().min(0).max(100), warm: z.number().min(0).max(100) })
    .refine((b) => b.warm <= b.hot, 'warm must not exceed hot'),
  /** Speech-to-text engine for new calls. */
  engine: z.enum(['embedded', 'local-neural', 'openai']),
  /** ISO 3166 region for phone numbers written without a country code. */
  defaultPhoneRegion: z.string().regex(/^[A-Z]{2}$/, 'two capital letters, e.g. US'),
  /** OpenAI features run only when this is on AND an API key is set. */
  openaiEnabled: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  recordingsFolder: null,
  bandThresholds: { hot: 70, warm: 40 },
  engine: 'embedded',
  defaultPhoneRegion: 'US',
  openaiEnabled: false,
};

export const secretNameSchema = z.enum(SECRET_NAMES);

const settingsView = z.object({
  settings: settingsSchema,
  /** Which secrets are set: names and a flag, never a value. */
  secrets: z.array(z.object({ name: secretNameSchema, set: z.boolean() })),
  watching: z.object({ folder: z.string().nullable(), error: z.string().nullable() }),
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
    'Change settings; a new recordings folder starts being watched at once (null stops watching).',
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
