/** Small display helpers shared by the views. */

let heldNow: number | null = null;

/**
 * Makes `ago` count from `at` until released. The page takes over the first screen that `serve`
 * rendered only if it renders the same text, and "45s ago" there is "46s ago" a second later.
 */
export function holdClock(at: number | null): void {
  heldNow = at;
}

export function ago(iso: string | null, now = heldNow ?? Date.now()): string {
  if (!iso) return '—';
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 90) return `${Math.round(s)}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function pct(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`;
}

/**
 * A count with its thousands grouped, as the English UI writes it ("100,000"). Not
 * toLocaleString: the page's first use of ICU number formatting costs 50-120 ms, and the queue's
 * lead count is on its first screen.
 */
export function count(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+$)/g, ',');
}

export function num(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined ? '—' : x.toFixed(digits);
}

export function dateTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
