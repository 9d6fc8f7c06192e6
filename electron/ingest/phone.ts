import { createRequire } from 'node:module';
import type { CountryCode } from 'libphonenumber-js';
import shipped from '../../resources/lexicons/phone-regions.json';

type PhoneLibrary = typeof import('libphonenumber-js');
let library: PhoneLibrary | null = null;

/**
 * libphonenumber, required at its first use rather than with the app: its metadata takes 50-80 ms
 * to load, which every start paid before anything asked about a phone number.
 */
export function phoneLibrary(): PhoneLibrary {
  library ??= createRequire(import.meta.url)('libphonenumber-js') as PhoneLibrary;
  return library;
}

/** ISO 3166 region whose dialling rules read a number written without a country code. */
export type PhoneRegion = CountryCode;

export const DEFAULT_PHONE_REGION: PhoneRegion = 'US';

/**
 * The regions libphonenumber has rules for, shipped as a list (a test keeps it equal to the
 * library's): settings name a region at every start, and checking it must not load the library.
 */
const REGIONS = new Set(shipped.regions);

/** The region for a code like "gb" or "GB", or null when libphonenumber has no rules for it. */
export function phoneRegion(code: string): PhoneRegion | null {
  const upper = code.trim().toUpperCase();
  return REGIONS.has(upper) ? (upper as PhoneRegion) : null;
}

/** E.164 form of a number written any way, or null when it is not a valid phone number. */
export function normalizePhone(
  raw: string | undefined | null,
  defaultCountry: PhoneRegion = DEFAULT_PHONE_REGION,
): string | null {
  if (!raw) return null;
  const trimmed = raw.trim();
  if (!trimmed) return null;
  // Numbers written with a 00 international prefix are common in exports from European systems.
  const candidate = trimmed.startsWith('00') ? '+' + trimmed.slice(2) : trimmed;
  const parsed = phoneLibrary().parsePhoneNumberFromString(candidate, defaultCountry);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}
