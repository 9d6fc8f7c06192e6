/**
 * Wall-clock times in an IANA time zone, with Intl only (no time zone library): a spoken "five
 * o'clock tomorrow" is five o'clock on the caller's wall, whatever the offset is on that day (a call
 * on Friday about "Monday at nine" may cross a daylight-saving change).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

/** The wall clock in `zone` at the instant `ms`. */
export function wallClockAt(ms: number, zone: string): WallClock & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Minutes `zone` is ahead of UTC at the instant `ms` (Pacific in winter: -480). */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const w = wallClockAt(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time in `zone` names. Day and hour may overflow (hour 25 is the next
 * day's 01:00). A time skipped by a spring-forward change lands an hour later, as clocks do.
 */
export function instantOfWallClock(zone: string, w: WallClock): number {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const first = guess - zoneOffsetMinutes(zone, guess) * 60_000;
  return guess - zoneOffsetMinutes(zone, first) * 60_000;
}

/** ISO 8601 with the zone's offset at that instant: "2026-03-03T17:00:00-08:00". */
export function isoInZone(ms: number, zone: string): string {
  const w = wallClockAt(ms, zone);
  const off = zoneOffsetMinutes(zone, ms);
  const pad = (n: number, l = 2): string => String(n).padStart(l, '0');
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
