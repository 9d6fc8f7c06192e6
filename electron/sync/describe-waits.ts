import type { WaitSummary } from './sync-store';

const WHY: Record<WaitSummary['reason'], string> = {
  rate_limited: 'rate limited by the server (HTTP 429, waited as its Retry-After asked)',
  server_error: 'server errors (HTTP 5xx), retried with backoff',
  timeout: 'requests that got no answer in time, retried with backoff',
  network: 'dropped connections, retried or resumed',
};

/** One line per cause of slowness in a run; nothing when the run never had to wait. */
export function describeWaits(waits: readonly WaitSummary[]): string[] {
  if (waits.length === 0) return [];
  const total = waits.reduce((s, w) => s + w.waitedMs, 0);
  return [
    `slowed down: waited ${(total / 1000).toFixed(1)} s in total`,
    ...waits.map((w) => `  ${w.count}× ${WHY[w.reason]}: ${(w.waitedMs / 1000).toFixed(1)} s`),
  ];
}
