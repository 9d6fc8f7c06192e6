import { savedPhoneRegion } from '../settings/phone-region';
import { phoneRegion, type PhoneRegion } from '../ingest/phone';
import { flagString } from './args';
import { UsageError, type ParsedArgs } from './command';

/**
 * The region for numbers written without a country code: the flag when given, else the one
 * saved in Settings for this database (so the CLI and the app agree), else US.
 */
export function regionFlag(args: ParsedArgs, dbPath: string, name = 'region'): PhoneRegion {
  const given = flagString(args, name);
  if (given === undefined) return savedPhoneRegion(dbPath);
  const region = phoneRegion(given);
  if (!region) throw new UsageError(`--${name} must be a region code such as US or GB, got "${given}"`);
  return region;
}
