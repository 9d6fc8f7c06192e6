import type { IncomingMessage } from 'node:http';

const READS = new Set(['GET', 'HEAD']);
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The origins this server's own page can have: its host and port, and the loopback names for it. */
export function ownOrigins(host: string, port: number): string[] {
  const bracket = (h: string): string => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);
  const hosts = LOOPBACK.has(host) ? ['127.0.0.1', 'localhost', '[::1]'] : [bracket(host)];
  return hosts.map((h) => `http://${h}:${port}`);
}

/**
 * Why an API request must be refused as coming from another site's page, or null. The browser
 * sends a page's cookies to every port of 127.0.0.1, so a page served by anything else on this
 * machine could otherwise use ours. Browsers say where a request comes from (Sec-Fetch-Site,
 * Origin); other tools send neither and prove themselves with the token header alone.
 */
export function crossSiteRefusal(req: IncomingMessage, own: readonly string[]): string | null {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `refused: a page of another site (Sec-Fetch-Site: ${site}) may not use this server's API`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !READS.has(req.method ?? 'GET') && !own.includes(origin)) {
    return `refused: a page from ${origin} may not change anything here, only this server's own page (${own[0]}) may`;
  }
  return null;
}
