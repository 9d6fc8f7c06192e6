import { UnsafeDestinationError } from './destinations';
import { API_LIMITS, OutboundError, outboundFetch, type Limits, type OutboundInit } from './outbound-fetch';

/**
 * The retry rules every connector shares: 429 waits as long as the server's Retry-After says,
 * 5xx / timeouts / dropped connections back off exponentially, and every wait is reported so
 * the user can be told why a sync was slow instead of watching it stall. A body that breaks off
 * is retried like a dropped connection when the request may safely be sent again.
 */

export type WaitReason = 'rate_limited' | 'server_error' | 'timeout' | 'network';

export interface WaitNotice {
  reason: WaitReason;
  /** Human-readable: what the server said or what went wrong. */
  detail: string;
  waitMs: number;
  attempt: number;
  url: string;
}

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** First backoff for 5xx / timeouts; doubles each attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-attempt limit on waiting for response headers. */
  timeoutMs: number;
  /** A Retry-After longer than this is an error rather than a wait (a sync must not hang for hours). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface RetryingFetchOptions {
  policy?: Partial<RetryPolicy>;
  /** Size, speed and deadline limits of each attempt (see outbound-fetch). */
  limits?: Partial<Limits>;
  onWait?: (notice: WaitNotice) => void;
  /** Injected for tests of the policy itself; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RetryingInit extends OutboundInit {
  /** May the request be sent again after it may have reached the server? Default: every method but POST. */
  idempotent?: boolean;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function backoff(policy: RetryPolicy, attempt: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Jitter keeps many clients (or many parallel downloads) from retrying in lockstep.
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/** The path and query of a URL, without credentials, for messages and the wait log. */
export function shownUrl(url: string): string {
  const u = new URL(url);
  return u.pathname + (u.search.length > 80 ? u.search.slice(0, 80) + '…' : u.search);
}

/** The start of a body (an error page, say) without reading more of it than that; '' if it breaks off. */
export async function bodySnippet(res: Response, max = 300): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let got = 0;
  try {
    while (got < max) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      got += value.length;
    }
  } catch {
    // what arrived is all there is
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(parts).toString('utf8').slice(0, max);
}

const isAbort = (err: unknown): boolean => err instanceof Error && err.name === 'AbortError';

/**
 * Runs attempts until `read` succeeds on an answer that is neither 429 nor 5xx. `read` gets
 * the answer (other 4xx included: a 404 or a 416 can be meaningful) and may consume its body;
 * a body that breaks off is retried too when the request is idempotent. Running out of attempts
 * throws an HttpError naming every reason seen; a refusal (destination, redirect, size) is
 * thrown at once, as it would only happen again.
 */
async function withRetries<T>(url: string, init: RetryingInit, options: RetryingFetchOptions, read: (res: Response) => Promise<T>): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const limits: Partial<Limits> = { headersTimeoutMs: policy.timeoutMs, ...options.limits };
  const sleep = options.sleep ?? realSleep;
  const shown = shownUrl(url);
  const idempotent = init.idempotent ?? (init.method ?? 'GET').toUpperCase() !== 'POST';
  let lastProblem = '';
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    let waitMs: number;
    let reason: WaitReason;
    let detail: string;
    let reading = false;
    try {
      const res = await outboundFetch(url, { ...init, limits });
      if (res.status === 429) {
        const header = res.headers.get('retry-after');
        const after = parseRetryAfter(header);
        await bodySnippet(res);
        if (after !== null && after > policy.maxRetryAfterMs) {
          throw new HttpError(429, url, '', `rate limited by ${shown}: the server asks to wait ${Math.round(after / 1000)} s, longer than allowed`);
        }
        reason = 'rate_limited';
        waitMs = after ?? backoff(policy, attempt);
        detail = `429 Too Many Requests${after !== null ? ` (Retry-After ${header})` : ''}`;
      } else if (res.status >= 500) {
        const body = await bodySnippet(res);
        reason = 'server_error';
        waitMs = backoff(policy, attempt);
        detail = `${res.status} ${res.statusText}${body ? `: ${body.slice(0, 120)}` : ''}`;
      } else {
        reading = true;
        return await read(res);
      }
    } catch (err) {
      if (err instanceof HttpError || isAbort(err) || !(err instanceof OutboundError) || !err.retryable) throw err;
      if (reading && !idempotent) throw err;
      reason = err.kind === 'timeout' || err.kind === 'slow' ? 'timeout' : 'network';
      waitMs = backoff(policy, attempt);
      detail = err.message;
    }
    lastProblem = detail;
    if (attempt === policy.maxAttempts) break;
    options.onWait?.({ reason, detail, waitMs, attempt, url: shown });
    await sleep(waitMs);
  }
  throw new HttpError(0, url, '', `gave up on ${shown} after ${policy.maxAttempts} attempts; last problem: ${lastProblem}`);
}

/** The first answer that is neither 429 nor 5xx, its body unread (a download streams it). */
export function retryingFetch(url: string, init: RetryingInit = {}, options: RetryingFetchOptions = {}): Promise<Response> {
  return withRetries(url, init, options, async (res) => res);
}

/** What an HTML page says it is, for an error message: its title, else its first words. */
function htmlGist(text: string): string {
  const title = /<title[^>]*>([^<]{1,120})/i.exec(text)?.[1];
  const gist = (title ?? text.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return gist.slice(0, 120);
}

const looksHtml = (text: string, type: string | null): boolean => /text\/html/i.test(type ?? '') || /^\s*(<!doctype html|<html)/i.test(text);

/** Why a successful answer's body is not the JSON an API promised, or null when it is; `json` is the parsed value. */
export function jsonProblem(text: string, contentType: string | null): { problem: string } | { json: unknown } {
  if (looksHtml(text, contentType)) return { problem: `the server sent an HTML page instead of JSON ("${htmlGist(text)}")` };
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return { problem: `the answer is not JSON (${text.length} bytes): ${text.slice(0, 120)}` };
  }
}

/**
 * A JSON API answer: fetched with the retry rules, its body read within the attempt, then
 * parsed. A non-2xx answer throws an HttpError quoting what the server said; a 2xx answer that
 * is an HTML page or not JSON throws one that says so. `what` names the call in every message.
 */
export async function fetchJson(url: string, init: RetryingInit, options: RetryingFetchOptions, what: string): Promise<unknown> {
  let answer: { res: Response; text: string };
  try {
    answer = await withRetries(url, init, { ...options, limits: { ...API_LIMITS, ...options.limits } }, async (r) => ({ res: r, text: await r.text() }));
  } catch (err) {
    if (err instanceof OutboundError) throw new OutboundError(err.kind, `${what}: ${err.message}`, { cause: err });
    if (err instanceof HttpError) throw new HttpError(err.status, err.url, err.body, `${what}: ${err.message}`);
    throw err;
  }
  const { res, text } = answer;
  const type = res.headers.get('content-type');
  if (!res.ok) {
    const said = looksHtml(text, type) ? `an HTML page ("${htmlGist(text)}")` : text.slice(0, 200);
    throw new HttpError(res.status, url, text, `${what}: HTTP ${res.status} ${said}`);
  }
  const parsed = jsonProblem(text, type);
  if ('problem' in parsed) throw new HttpError(res.status, url, text, `${what}: ${parsed.problem}`);
  return parsed.json;
}

/**
 * A failure every later request of the run would repeat — credentials refused (401/403) or a
 * destination refused — so a run stops asking and leaves the rest for the next one.
 */
export function failsEveryRequest(err: unknown): boolean {
  if (err instanceof HttpError) return err.status === 401 || err.status === 403;
  return (err instanceof OutboundError && err.kind === 'refused') || err instanceof UnsafeDestinationError;
}
