import { phoneLibrary } from '../ingest/phone';
import nanp from '../../resources/lexicons/nanp-area-codes.json';
import countryZones from '../../resources/lexicons/country-time-zones.json';

export interface CallerLocation {
  country: string | null;
  /** ISO 3166-2 style, e.g. "US-CA"; only known for North American numbers. */
  region: string | null;
  timeZone: string | null;
}

const areaCodes = new Map<string, { region: string; timeZone: string }>();
for (const entry of nanp.regions) {
  const [region, timeZone, codes] = entry as [string, string, number[]];
  for (const code of codes) areaCodes.set(String(code), { region, timeZone });
}
const zonesByCountry: Record<string, string> = countryZones.zones;

const UNKNOWN: CallerLocation = { country: null, region: null, timeZone: null };

/** Country, region and time zone from the number alone, with no network look-up. */
export function locateNumber(phone: string | null): CallerLocation {
  if (!phone) return UNKNOWN;
  const parsed = phoneLibrary().parsePhoneNumberFromString(phone.trim(), 'US');
  if (!parsed) return UNKNOWN;
  const country = parsed.country ?? null;
  if (parsed.countryCallingCode === '1') {
    const hit = areaCodes.get(parsed.nationalNumber.slice(0, 3));
    if (hit) return { country: country ?? hit.region.slice(0, 2), region: hit.region, timeZone: hit.timeZone };
  }
  return { country, region: null, timeZone: country ? (zonesByCountry[country] ?? null) : null };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Hour (0-23) and weekday (0 = Sunday) at the caller's end; UTC when the zone is unknown. */
export function localHourAndWeekday(
  isoTime: string | null,
  timeZone: string | null,
): { hour: number | null; weekday: number | null } {
  if (!isoTime) return { hour: null, weekday: null };
  const when = new Date(isoTime);
  if (Number.isNaN(when.getTime())) return { hour: null, weekday: null };
  const zone = timeZone ?? 'UTC';
  let fmt = formatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
    formatters.set(zone, fmt);
  }
  let hour: number | null = null;
  let weekday: number | null = null;
  for (const part of fmt.formatToParts(when)) {
    if (part.type === 'hour') hour = Number(part.value) % 24;
    if (part.type === 'weekday') weekday = WEEKDAYS.indexOf(part.value);
  }
  return { hour, weekday: weekday !== null && weekday >= 0 ? weekday : null };
}
