import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DEFAULT_STORED_SETTINGS,
  storedSettingsSchema,
  type StoredSettings,
} from '../../shared/api/settings';
import { phoneRegion } from '../ingest/phone';

/**
 * Where the settings live. The core only knows this interface: the Electron shell implements it
 * with electron-store in userData, `serve` and the CLI with a JSON file beside the database.
 * Secrets never go here (see SecretStore), nor the lead bands (the active lead rubric has them).
 */
export interface SettingsStore {
  read(): StoredSettings;
  write(next: StoredSettings): void;
}

/** Any stored shape becomes valid settings: unknown or broken fields fall back to their defaults. */
export function normalizeSettings(raw: unknown): StoredSettings {
  const merged = { ...DEFAULT_STORED_SETTINGS, ...(raw && typeof raw === 'object' ? raw : {}) };
  const out: Record<string, unknown> = { ...DEFAULT_STORED_SETTINGS };
  for (const key of Object.keys(DEFAULT_STORED_SETTINGS) as (keyof StoredSettings)[]) {
    const one = storedSettingsSchema.shape[key].safeParse((merged as Record<string, unknown>)[key]);
    if (one.success) out[key] = one.data;
  }
  const settings = storedSettingsSchema.parse(out);
  // Two letters libphonenumber has no rules for (a hand-edited "XX") would fail every number.
  if (!phoneRegion(settings.defaultPhoneRegion))
    settings.defaultPhoneRegion = DEFAULT_STORED_SETTINGS.defaultPhoneRegion;
  return settings;
}

/** settings.json beside the database, written atomically (temp file + rename). */
export class JsonFileSettingsStore implements SettingsStore {
  constructor(private readonly path: string) {}

  read(): StoredSettings {
    try {
      return normalizeSettings(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULT_STORED_SETTINGS };
      throw new Error(`cannot read settings from ${this.path}: ${(err as Error).message}`, { cause: err });
    }
  }

  write(next: StoredSettings): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path + '.tmp', JSON.stringify(next, null, 2) + '\n');
    renameSync(this.path + '.tmp', this.path);
  }
}
