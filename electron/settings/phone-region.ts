import { dirname, join } from 'node:path';
import { DEFAULT_PHONE_REGION, phoneRegion, type PhoneRegion } from '../ingest/phone';
import type { CoreContext } from '../core/context';
import { JsonFileSettingsStore } from './settings-store';

/** The region Settings give numbers written without a country code. */
export function settingsPhoneRegion(settings: { defaultPhoneRegion: string }): PhoneRegion {
  return phoneRegion(settings.defaultPhoneRegion) ?? DEFAULT_PHONE_REGION;
}

/**
 * The region of the core's own settings, read at each use so a change in Settings applies to the
 * next number; US in a process that registered no settings.
 */
export function corePhoneRegion(ctx: CoreContext): PhoneRegion {
  return ctx.settings ? settingsPhoneRegion(ctx.settings.store.read()) : DEFAULT_PHONE_REGION;
}

/**
 * For the CLI: the region saved in the settings beside the database, else US. The desktop app
 * keeps userData/settings.json beside userData/callrank.db too, so the CLI reads the app's.
 */
export function savedPhoneRegion(dbPath: string): PhoneRegion {
  return settingsPhoneRegion(new JsonFileSettingsStore(join(dirname(dbPath), 'settings.json')).read());
}
