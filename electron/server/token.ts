import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BodyError } from './read-body';

/**
 * The cookie that carries the token, one name per port: a browser sends a page's cookies to every
 * port of a host, so two servers (two databases) would otherwise overwrite each other's, and each
 * server would read the other's.
 */
export function tokenCookieName(port: number): string {
  return `callrank_token_${port}`;
}

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A percent-encoded part of a request, decoded; a malformed one is the client's error (400), not ours. */
export function decodePart(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new BodyError(400, `malformed ${what}: a % must be followed by two hex digits`);
  }
}

/** The token may come as a bearer header (API clients), a cookie (the app's page, <audio>) or ?token= (first visit). */
export function requestToken(req: IncomingMessage, url: URL, cookieName: string): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = req.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(cookieName + '='));
  if (cookie) return decodePart(cookie.slice(cookieName.length + 1), `cookie ${cookieName}`);
  return url.searchParams.get('token');
}

export function tokenMatches(given: string | null, expected: string): boolean {
  return given !== null && safeEqual(given, expected);
}
