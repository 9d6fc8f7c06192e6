/** "Tue, Mar 3, 17:00–20:00 (caller's time, America/Los_Angeles)", in the zone the window was read in. */
export function spokenWindowText(w: { start: string; end: string; time_zone: string; zone_assumed: boolean }): string {
  const day = new Intl.DateTimeFormat('en-US', { timeZone: w.time_zone, weekday: 'short', month: 'short', day: 'numeric' });
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: w.time_zone, hour: '2-digit', minute: '2-digit' });
  const start = new Date(w.start);
  const end = new Date(w.end);
  const whose = w.zone_assumed ? `caller's zone unknown, read as ${w.time_zone}` : `caller's time, ${w.time_zone}`;
  return `${day.format(start)}, ${time.format(start)}–${time.format(end)} (${whose})`;
}
