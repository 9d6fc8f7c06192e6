import { createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { BoundCredentials } from '../net/destinations';
import { MiB, OutboundError, type Limits } from '../net/outbound-fetch';
import { bodySnippet, HttpError, retryingFetch, shownUrl, type RetryingFetchOptions } from '../net/retrying-fetch';

/**
 * Downloads to `<dest>.part` and renames only after the bytes are verified, so a kill at any
 * moment leaves either no file, a resumable .part, or a complete file: never a half file
 * under the final name that ingest could take. A later run continues the .part with a Range
 * request instead of starting again; bytes a server called complete that are not the file are deleted.
 */

export class DownloadVerificationError extends Error {}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** Bytes already on disk from an interrupted earlier attempt. */
  resumedFrom: number;
}

export interface DownloadOptions extends RetryingFetchOptions {
  /** The vendor's credentials, bound to their origin. */
  auth?: BoundCredentials;
  /** A redirect to another host (a vendor's storage) is followed without the credentials, or refused. */
  crossOriginRedirects?: 'refuse' | 'follow-without-credentials';
  /** Times a transfer that breaks mid-body is resumed before giving up. */
  maxBodyAttempts?: number;
}

/** A call recording: hours of WAV at most; no deadline, but a stalled or dribbling body ends. */
export const MEDIA_LIMITS: Partial<Limits> = {
  deadlineMs: null,
  lowSpeed: { bytesPerSecond: 1024, windowMs: 30_000 },
  maxBytes: 2048 * MiB,
};

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

async function readHead(path: string, n: number): Promise<Buffer> {
  const h = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await h.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await h.close();
  }
}

/** Checks that the file is a whole WAV or a plausible MP3; the reason names what is wrong. */
export async function verifyAudioFile(path: string, expectedBytes: number | null): Promise<void> {
  const size = (await stat(path)).size;
  if (expectedBytes !== null && size !== expectedBytes) {
    throw new DownloadVerificationError(`got ${size} bytes but the server announced ${expectedBytes}`);
  }
  const head = await readHead(path, 12);
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WAVE') {
    const riffSize = head.readUInt32LE(4);
    if (riffSize + 8 !== size) throw new DownloadVerificationError(`WAV header says ${riffSize + 8} bytes, file has ${size}`);
    return;
  }
  const isId3 = head.subarray(0, 3).toString('latin1') === 'ID3';
  const isFrameSync = head.length >= 2 && head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0;
  if (isId3 || isFrameSync) return;
  throw new DownloadVerificationError('the downloaded bytes are neither a WAV nor an MP3 file');
}

/** A .part that a later Range request can continue: the start of a WAV not yet as long as its header says. */
async function resumable(part: string): Promise<boolean> {
  const size = await sizeOf(part);
  if (size === null || size < 12) return size !== null;
  const head = await readHead(part, 12);
  if (head.subarray(0, 4).toString('latin1') !== 'RIFF' || head.subarray(8, 12).toString('latin1') !== 'WAVE') return false;
  return head.readUInt32LE(4) + 8 > size;
}

function totalFromContentRange(header: string | null): number | null {
  const m = header ? /\/(\d+)\s*$/.exec(header) : null;
  return m ? Number(m[1]) : null;
}

/** An error page where audio should be: say what came instead of saving it. */
function notAudio(type: string | null): boolean {
  return /^(text\/|application\/(json|xml|problem\+json))/i.test(type ?? '');
}

export async function downloadVerified(url: string, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const done = await sizeOf(dest);
  if (done !== null) {
    await verifyAudioFile(dest, null);
    return { path: dest, bytes: done, resumedFrom: done };
  }
  const part = dest + '.part';
  if (!(await resumable(part))) await rm(part, { force: true });
  const resumedFrom = (await sizeOf(part)) ?? 0;
  const maxBodyAttempts = options.maxBodyAttempts ?? 5;
  const fetchOptions = { ...options, limits: { ...MEDIA_LIMITS, ...options.limits } };
  const init = { auth: options.auth, crossOriginRedirects: options.crossOriginRedirects };
  for (let attempt = 1; ; attempt++) {
    const have = (await sizeOf(part)) ?? 0;
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (have > 0) headers.range = `bytes=${have}-`;
    const res = await retryingFetch(url, { ...init, headers }, fetchOptions);
    let expected: number | null;
    let flags: 'a' | 'w';
    if (res.ok && notAudio(res.headers.get('content-type'))) {
      const text = await bodySnippet(res, 2000);
      const title = /<title[^>]*>([^<]{1,120})/i.exec(text)?.[1];
      throw new DownloadVerificationError(`the server sent ${res.headers.get('content-type')} instead of audio: ${(title ?? text).replace(/\s+/g, ' ').trim().slice(0, 120)}`);
    }
    if (res.status === 206) {
      const startAt = /bytes\s+(\d+)-/.exec(res.headers.get('content-range') ?? '');
      if (!startAt || Number(startAt[1]) !== have) {
        await res.body?.cancel();
        // A server that cannot resume where we are: start the file over.
        await rm(part, { force: true });
        if (attempt >= maxBodyAttempts) throw new DownloadVerificationError(`server resumed at ${startAt?.[1] ?? '?'} instead of byte ${have}`);
        continue;
      }
      expected = totalFromContentRange(res.headers.get('content-range'));
      flags = 'a';
    } else if (res.status === 416) {
      // The .part already holds every byte (we were killed between writing and renaming).
      await res.body?.cancel();
      expected = totalFromContentRange(res.headers.get('content-range'));
      if (expected !== null && expected === have) {
        await verifyAudioFile(part, expected).catch(async (err: unknown) => {
          await rm(part, { force: true });
          throw err;
        });
        break;
      }
      await rm(part, { force: true });
      continue;
    } else if (res.ok) {
      const len = res.headers.get('content-length');
      expected = len === null ? null : Number(len);
      flags = 'w'; // no range support: start over
    } else {
      const text = await bodySnippet(res, 2000);
      throw new HttpError(res.status, url, text, `download failed: HTTP ${res.status} ${text.slice(0, 200)}`);
    }
    if (!res.body) throw new DownloadVerificationError('the server sent no body');
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(part, { flags }));
    } catch (err) {
      if (err instanceof OutboundError && !err.retryable) {
        await rm(part, { force: true });
        throw err;
      }
      // A connection dropped or stalled mid-body: keep what arrived and ask for the rest.
      const why = (err as Error).message;
      if (attempt >= maxBodyAttempts) throw new Error(`download broke off ${attempt} times; last: ${why}`);
      const reason = err instanceof OutboundError && (err.kind === 'slow' || err.kind === 'timeout') ? 'timeout' : 'network';
      options.onWait?.({ reason, detail: `transfer broke off at byte ${(await sizeOf(part)) ?? 0}, resuming (${why})`, waitMs: 0, attempt, url: shownUrl(url) });
      continue;
    }
    const got = (await sizeOf(part)) ?? 0;
    if (expected !== null && got < expected && attempt < maxBodyAttempts) continue;
    try {
      await verifyAudioFile(part, expected);
    } catch (err) {
      // The server called these bytes complete and they are not the file: nothing in them can be trusted
      // to continue from (only a transfer that broke off leaves a .part to resume).
      await rm(part, { force: true });
      throw err;
    }
    break;
  }
  const h = await open(part, 'r+');
  await h.sync();
  await h.close();
  await rename(part, dest);
  return { path: dest, bytes: (await sizeOf(dest)) ?? 0, resumedFrom };
}
