import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { credentialRefusal, isLoopback, type BoundCredentials } from './destinations';

/**
 * The one HTTP client under every outbound connection (Twilio, the CRMs, OpenAI, model
 * downloads), with fetch's signature so the OpenAI SDK can use it too.
 *
 * Built on node:http rather than the global fetch: Node 22's bundled undici throws an
 * uncatchable AssertionError from a socket 'end' handler when a server closes the connection
 * while a body is paused under back-pressure (HTTP/1.0, or `Connection: close`; undici issue
 * 5360), which killed a whole sync. Here every failure — refused destination, redirect, a body
 * too slow, too big, cut or reset — rejects the request or errors its body stream with an
 * OutboundError that says what happened; nothing is thrown from an event handler.
 */

export type OutboundErrorKind = 'refused' | 'redirect' | 'timeout' | 'slow' | 'too_large' | 'network' | 'protocol';

export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutboundError';
  }

  /** Worth another attempt: the network or the server may do better next time. */
  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'slow' || this.kind === 'network' || this.kind === 'protocol';
  }
}

export interface Limits {
  /** Waiting for the status line and headers. */
  headersTimeoutMs: number;
  /** The whole exchange, body included (ends an answer dribbled out byte by byte); null: no limit. */
  deadlineMs: number | null;
  /** Like curl's --speed-limit/--speed-time: under `bytesPerSecond` on average for `windowMs` ends the body. */
  lowSpeed: { bytesPerSecond: number; windowMs: number } | null;
  /** Bytes of (decoded) body accepted; more ends the body. */
  maxBytes: number;
}

export const MiB = 1024 * 1024;

/** For API answers: JSON pages of a few hundred kilobytes. */
export const API_LIMITS: Limits = {
  headersTimeoutMs: 30_000,
  deadlineMs: 120_000,
  lowSpeed: { bytesPerSecond: 512, windowMs: 30_000 },
  maxBytes: 8 * MiB,
};

export interface OutboundInit extends Omit<RequestInit, 'credentials' | 'redirect'> {
  /** Credential headers and the origin they are bound to: checked before every request and every redirect. */
  auth?: BoundCredentials;
  /**
   * A redirect to another origin: refused, or followed without the credentials (what a vendor
   * documents for media on a storage host). Default: refused when `auth` is set, else followed.
   */
  crossOriginRedirects?: 'refuse' | 'follow-without-credentials';
  limits?: Partial<Limits>;
}

const MAX_REDIRECTS = 5;
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

function describeBytes(n: number): string {
  return n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}

function networkMessage(err: NodeJS.ErrnoException, url: URL): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${url.host}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve ${url.hostname}`;
    case 'ECONNRESET':
      return `connection reset by ${url.host}`;
    case 'EPIPE':
      return `connection closed by ${url.host} while sending`;
    default:
      if (err.code?.startsWith('HPE_')) return `${url.host} answered with something that is not HTTP (${err.code})`;
      return `connection to ${url.host} failed: ${err.code ?? err.message}`;
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

interface PreparedRequest {
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** Any fetch body (string, bytes, FormData, Blob, stream...) as bytes with its content type. */
async function prepare(input: string | URL | Request, init: OutboundInit): Promise<{ url: URL; req: PreparedRequest }> {
  const base = input instanceof Request ? input : null;
  const url = new URL(base ? base.url : input.toString());
  const method = (init.method ?? base?.method ?? 'GET').toUpperCase();
  const headers = new Headers(base?.headers);
  new Headers(init.headers).forEach((v, k) => headers.set(k, v));
  let body: Buffer | null = null;
  const raw = init.body !== undefined ? init.body : base?.body ?? null;
  if (typeof raw === 'string') body = Buffer.from(raw);
  else if (raw instanceof Uint8Array) body = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  else if (raw !== null && raw !== undefined) {
    // FormData, Blob, URLSearchParams, streams: let the platform encode them (and name the multipart boundary).
    const r = new Request(url, { method, body: raw, duplex: 'half' } as RequestInit);
    body = Buffer.from(await r.arrayBuffer());
    const type = r.headers.get('content-type');
    if (type && !headers.has('content-type')) headers.set('content-type', type);
  }
  const out: Record<string, string> = {};
  headers.forEach((v, k) => (out[k] = v));
  if (body) out['content-length'] = String(body.length);
  return { url, req: { method, headers: out, body } };
}

/**
 * Counts body bytes and ends the body when it is too big, too slow or past the deadline. Errors
 * are pushed down the stream (to whoever reads the Response), never thrown.
 */
class BodyGuard extends Transform {
  private received = 0;
  private windowBytes = 0;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly limits: Limits,
    private readonly startedAt: number,
    private readonly announced: number | null,
    private readonly url: URL,
  ) {
    super();
    if (limits.deadlineMs !== null) {
      const left = Math.max(0, limits.deadlineMs - (Date.now() - startedAt));
      this.timers.push(setTimeout(() => this.fail('timeout', `the answer from ${url.host} did not complete within ${(limits.deadlineMs ?? 0) / 1000} s (${this.progress()})`), left));
    }
    const low = limits.lowSpeed;
    if (low) {
      this.timers.push(
        setInterval(() => {
          const rate = (this.windowBytes * 1000) / low.windowMs;
          this.windowBytes = 0;
          if (rate < low.bytesPerSecond) this.fail('slow', `the answer from ${url.host} came too slowly: ${rate.toFixed(1)} bytes/s over ${low.windowMs / 1000} s (${this.progress()})`);
        }, low.windowMs),
      );
    }
  }

  progress(): string {
    return this.announced !== null ? `${describeBytes(this.received)} of ${describeBytes(this.announced)} received` : `${describeBytes(this.received)} received`;
  }

  fail(kind: OutboundErrorKind, message: string): void {
    this.stopTimers();
    if (!this.destroyed) this.destroy(new OutboundError(kind, message));
  }

  /** The source broke off: name how far it got. */
  broke(err: NodeJS.ErrnoException): OutboundError {
    if (err instanceof OutboundError) return err;
    const cut = this.announced !== null && this.received < this.announced;
    const how = err.code === 'ECONNRESET' && err.message !== 'aborted' ? 'was reset' : 'closed';
    if (cut || err.message === 'aborted') return new OutboundError('network', `the connection to ${this.url.host} ${how} after ${this.progress()}`, { cause: err });
    if (err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR' || err.code?.startsWith('ERR__')) {
      return new OutboundError('protocol', `the answer from ${this.url.host} is not valid compressed data (${this.progress()})`, { cause: err });
    }
    return new OutboundError('network', `${networkMessage(err, this.url)} (${this.progress()})`, { cause: err });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length;
    this.windowBytes += chunk.length;
    if (this.received > this.limits.maxBytes) {
      this.stopTimers();
      done(new OutboundError('too_large', `the answer from ${this.url.host} is larger than ${describeBytes(this.limits.maxBytes)}; refused`));
      return;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.stopTimers();
    done();
  }

  override _destroy(err: Error | null, done: (error: Error | null) => void): void {
    this.stopTimers();
    done(err);
  }

  stopTimers(): void {
    for (const t of this.timers.splice(0)) clearTimeout(t);
  }
}

function decoderFor(encoding: string | undefined): Transform | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}

const NULL_BODY = new Set([101, 204, 205, 304]);

/** The reason phrase, kept to the characters a Response accepts. */
const reason = (res: IncomingMessage): string => (res.statusMessage ?? '').replace(/[^\t\x20-\x7e]/g, '').slice(0, 200);

/** One request, no redirects: resolves with the head of the answer, its body still streaming. */
function exchange(url: URL, req: PreparedRequest, limits: Limits, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const transport = url.protocol === 'https:' ? https : http;
    const r = transport.request(url, { method: req.method, headers: req.headers, agent: agents[url.protocol as 'http:' | 'https:'] });
    let settled = false;
    const finish = (err: unknown, res?: IncomingMessage): void => {
      if (settled) return;
      settled = true;
      clearTimeout(headerTimer);
      signal?.removeEventListener('abort', onAbort);
      if (res) resolve(res);
      else reject(err);
    };
    const headerTimer = setTimeout(() => {
      const e = new OutboundError('timeout', `no answer within ${(limits.headersTimeoutMs / 1000).toFixed(1)} s`);
      finish(e);
      r.destroy(e);
    }, limits.headersTimeoutMs);
    const onAbort = (): void => {
      finish(abortReason(signal as AbortSignal));
      r.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // After the answer arrived, socket errors surface on the body stream; this keeps a late one from being unhandled.
    r.on('error', (err: NodeJS.ErrnoException) => finish(err instanceof OutboundError ? err : new OutboundError(err.code?.startsWith('HPE_') ? 'protocol' : 'network', networkMessage(err, url), { cause: err })));
    r.on('response', (res) => {
      if (settled) {
        res.destroy();
        return;
      }
      finish(null, res);
    });
    r.end(req.body ?? undefined);
  });
}

function toResponse(res: IncomingMessage, url: URL, method: string, limits: Limits, startedAt: number, signal: AbortSignal | undefined): Response {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 599) {
    res.destroy();
    throw new OutboundError('protocol', `${url.host} answered with HTTP status ${status}, which is not a final answer`);
  }
  const headers = new Headers();
  try {
    for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
  } catch (err) {
    res.destroy();
    throw new OutboundError('protocol', `${url.host} sent an invalid header`, { cause: err });
  }
  if (NULL_BODY.has(status) || method === 'HEAD') {
    res.resume();
    return new Response(null, { status, statusText: reason(res), headers });
  }
  const length = res.headers['content-length'];
  const decoder = decoderFor(res.headers['content-encoding']);
  const announced = decoder === null && length !== undefined && /^\d+$/.test(length) ? Number(length) : null;
  if (announced !== null && announced > limits.maxBytes) {
    res.destroy();
    throw new OutboundError('too_large', `the answer from ${url.host} announces ${describeBytes(announced)}, more than the ${describeBytes(limits.maxBytes)} allowed; refused`);
  }
  const guard = new BodyGuard(limits, startedAt, announced, url);
  const onAbort = (): void => void guard.destroy(abortReason(signal as AbortSignal) as Error);
  signal?.addEventListener('abort', onAbort, { once: true });
  // Wired by hand rather than with pipeline(): the error the reader sees must be the guard's, in
  // our words, and pipeline() would destroy the guard with the raw one first.
  const fail = (err: NodeJS.ErrnoException): void => {
    if (!guard.destroyed) guard.destroy(guard.broke(err));
  };
  res.on('error', fail);
  // A connection closed before the body was complete, whether or not Node calls it an error.
  res.on('close', () => {
    if (!res.complete) fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
  });
  decoder?.on('error', fail);
  guard.on('close', () => {
    signal?.removeEventListener('abort', onAbort);
    guard.stopTimers();
    if (!res.complete || !res.readableEnded) res.destroy();
    decoder?.destroy();
  });
  if (decoder) res.pipe(decoder).pipe(guard);
  else res.pipe(guard);
  const body = Readable.toWeb(guard) as ReadableStream<Uint8Array>;
  return new Response(body, { status, statusText: reason(res), headers });
}

function refuseRedirect(message: string): never {
  throw new OutboundError('redirect', message);
}

/**
 * fetch(), with the destination rules, limits and redirect policy above. Redirects are followed
 * by hand (GET and HEAD only, at most five): within the origin with the credentials; to another
 * origin only as `crossOriginRedirects` says, and never from HTTPS down to plain HTTP off loopback.
 */
export async function outboundFetch(input: string | URL | Request, init: OutboundInit = {}): Promise<Response> {
  const limits: Limits = { ...API_LIMITS, ...init.limits };
  const { url: first, req } = await prepare(input, init);
  const signal = init.signal ?? undefined;
  const startedAt = Date.now();
  const crossOrigin = init.crossOriginRedirects ?? (init.auth ? 'refuse' : 'follow-without-credentials');
  // Credentials travel only as `auth`: a copy among the plain headers (an SDK sets its own) is dropped.
  const credentialNames = new Set(Object.keys(init.auth?.headers ?? {}).map((k) => k.toLowerCase()));
  const plain = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !credentialNames.has(k)));
  let url = first;
  let withCredentials = init.auth !== undefined;
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('refused', `${url.protocol} URLs are not fetched`);
    const headers = { ...plain };
    if (init.auth && withCredentials) {
      const refusal = credentialRefusal(url, init.auth);
      if (refusal) throw new OutboundError('refused', refusal);
      Object.assign(headers, init.auth.headers);
    }
    const res = await exchange(url, { ...req, headers }, limits, signal);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status < 300 || status > 399 || status === 304 || location === undefined) return toResponse(res, url, req.method, limits, startedAt, signal);
    res.resume();
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return refuseRedirect(`${url.host} redirected to "${location.slice(0, 100)}", which is not a URL`);
    }
    const where = `${url.origin}${url.pathname} redirected (HTTP ${status}) to ${next.origin}${next.pathname}`;
    if (hop + 1 > MAX_REDIRECTS) refuseRedirect(`${where}: more than ${MAX_REDIRECTS} redirects (a loop?); not followed`);
    if (req.method !== 'GET' && req.method !== 'HEAD') refuseRedirect(`${where}: a ${req.method} is not re-sent elsewhere`);
    if (url.protocol === 'https:' && next.protocol === 'http:' && !isLoopback(next.hostname)) refuseRedirect(`${where}: from HTTPS down to plain HTTP; not followed`);
    if (next.origin !== url.origin) {
      if (withCredentials && crossOrigin === 'refuse') refuseRedirect(`${where}, another host: not followed with credentials`);
      if (withCredentials && next.protocol === 'http:' && !isLoopback(next.hostname)) refuseRedirect(`${where}: plain HTTP; not followed`);
      withCredentials = false;
      // As fetch does across origins: no caller-set authorization or cookies either.
      for (const k of ['authorization', 'proxy-authorization', 'cookie']) delete plain[k];
    }
    url = next;
  }
}

/**
 * The reason to show for a failure: the innermost error in our own words when a library wrapped
 * it (the OpenAI SDK turns any rejected fetch into "Connection error."), else its own message.
 */
export function reasonOf(err: unknown): string {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof OutboundError || e.name === 'HttpError' || e.name === 'UnsafeDestinationError') return e.message;
  }
  return err instanceof Error ? err.message : String(err);
}
