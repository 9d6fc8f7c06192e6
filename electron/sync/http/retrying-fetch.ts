/**
 * fetch with the retry rules every connector shares: 429 waits as long as the server's
 * Retry-After says, 5xx / timeouts / dropped connections back off exponentially, and every
 * wait is reported so the user can be told why a sync was slow instead of watching it stall.
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
  onWait?: (notice: WaitNotice) => void;
  /** Injected for tests of the policy itself; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
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

function redactUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.pathname + (u.search.length > 80 ? u.search.slice(0, 80) + '…' : u.search);
}

async function bodySnippet(res: Response): Promise<string> {
  try {
    return (await res.text()).slice(0, 300);
  } catch {
    return '';
  }
}

/**
 * Returns the first response that is neither 429 nor 5xx. Other 4xx come back to the caller
 * (a 404 or a 416 can be meaningful); running out of attempts throws an HttpError naming
 * every reason seen.
 */
export async function retryingFetch(url: string, init: RequestInit = {}, options: RetryingFetchOptions = {}): Promise<Response> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const sleep = options.sleep ?? realSleep;
  const shown = redactUrl(url);
  let lastProblem = '';
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    let waitMs: number;
    let reason: WaitReason;
    let detail: string;
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(policy.timeoutMs) });
      if (res.status === 429) {
        const after = parseRetryAfter(res.headers.get('retry-after'));
        await bodySnippet(res);
        if (after !== null && after > policy.maxRetryAfterMs) {
          throw new HttpError(429, url, '', `rate limited by ${shown}: the server asks to wait ${Math.round(after / 1000)} s, longer than allowed`);
        }
        reason = 'rate_limited';
        waitMs = after ?? backoff(policy, attempt);
        detail = `429 Too Many Requests${after !== null ? ` (Retry-After ${res.headers.get('retry-after')})` : ''}`;
      } else if (res.status >= 500) {
        const body = await bodySnippet(res);
        reason = 'server_error';
        waitMs = backoff(policy, attempt);
        detail = `${res.status} ${res.statusText}${body ? `: ${body.slice(0, 120)}` : ''}`;
      } else {
        return res;
      }
    } catch (err) {
      if (err instanceof HttpError) throw err;
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      if (e.name === 'AbortError' && init.signal?.aborted) throw err;
      reason = timedOut ? 'timeout' : 'network';
      waitMs = backoff(policy, attempt);
      detail = timedOut
        ? `no answer within ${(policy.timeoutMs / 1000).toFixed(1)} s`
        : `connection failed: ${e.cause?.code ?? e.cause?.message ?? e.message}`;
    }
    lastProblem = detail;
    if (attempt === policy.maxAttempts) break;
    options.onWait?.({ reason, detail, waitMs, attempt, url: shown });
    await sleep(waitMs);
  }
  throw new HttpError(0, url, '', `gave up on ${shown} after ${policy.maxAttempts} attempts; last problem: ${lastProblem}`);
}

/** Reads a JSON body or throws an HttpError that quotes what the server said. */
export async function expectJson(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new HttpError(res.status, res.url, text, `${what}: HTTP ${res.status} ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(res.status, res.url, text, `${what}: the answer is not JSON: ${text.slice(0, 120)}`);
  }
}
