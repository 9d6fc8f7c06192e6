import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** E.164 form of a number written any way, or null when it is not a valid phone number. */
export function normalizePhone(
  raw: string | undefined | null,
  defaultCountry: CountryCode = 'US',
): string | null {
  if (!raw) return null;
  const trimmed = raw.trim();
  if (!trimmed) return null;
  // Numbers written with a 00 international prefix are common in exports from European systems.
  const candidate = trimmed.startsWith('00') ? '+' + trimmed.slice(2) : trimmed;
  const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}
