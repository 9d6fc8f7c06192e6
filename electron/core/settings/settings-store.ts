import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/api/settings';

/**
 * Where the settings live. The core only knows this interface: the Electron shell implements it
 * with electron-store in userData, `serve` and the CLI with a JSON file beside the database.
 * Secrets never go here (see SecretStore).
 */
export interface SettingsStore {
  read(): Settings;
  write(next: Settings): void;
}

/** Any stored shape becomes valid settings: unknown or broken fields fall back to their defaults. */
export function normalizeSettings(raw: unknown): Settings {
  const merged = { ...DEFAULT_SETTINGS, ...(raw && typeof raw === 'object' ? raw : {}) };
  const parsed = settingsSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const one = settingsSchema.shape[key].safeParse((merged as Record<string, unknown>)[key]);
    if (one.success) out[key] = one.data;
  }
  return settingsSchema.parse(out);
}

/** settings.json beside the database, written atomically (temp file + rename). */
export class JsonFileSettingsStore implements SettingsStore {
  constructor(private readonly path: string) {}

  read(): Settings {
    try {
      return normalizeSettings(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULT_SETTINGS };
      throw new Error(`cannot read settings from ${this.path}: ${(err as Error).message}`, { cause: err });
    }
  }

  write(next: Settings): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path + '.tmp', JSON.stringify(next, null, 2) + '\n');
    renameSync(this.path + '.tmp', this.path);
  }
}
