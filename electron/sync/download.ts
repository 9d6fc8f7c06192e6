import { createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { HttpError, retryingFetch, type RetryingFetchOptions } from './http/retrying-fetch';

/**
 * Downloads to `<dest>.part` and renames only after the bytes are verified, so a kill at any
 * moment leaves either no file, a resumable .part, or a complete file: never a half file
 * under the final name that ingest could take. A later run continues the .part with a Range
 * request instead of starting again.
 */

export class DownloadVerificationError extends Error {}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** Bytes already on disk from an interrupted earlier attempt. */
  resumedFrom: number;
}

export interface DownloadOptions extends RetryingFetchOptions {
  headers?: Record<string, string>;
  /** Times a transfer that breaks mid-body is resumed before giving up. */
  maxBodyAttempts?: number;
}

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

function totalFromContentRange(header: string | null): number | null {
  const m = header ? /\/(\d+)\s*$/.exec(header) : null;
  return m ? Number(m[1]) : null;
}

export async function downloadVerified(url: string, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const done = await sizeOf(dest);
  if (done !== null) {
    await verifyAudioFile(dest, null);
    return { path: dest, bytes: done, resumedFrom: done };
  }
  const part = dest + '.part';
  const resumedFrom = (await sizeOf(part)) ?? 0;
  const maxBodyAttempts = options.maxBodyAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const have = (await sizeOf(part)) ?? 0;
    const headers: Record<string, string> = { ...options.headers };
    if (have > 0) headers.range = `bytes=${have}-`;
    const res = await retryingFetch(url, { headers }, options);
    let expected: number | null;
    let flags: 'a' | 'w';
    if (res.status === 206) {
      const startAt = /bytes\s+(\d+)-/.exec(res.headers.get('content-range') ?? '');
      if (!startAt || Number(startAt[1]) !== have) {
        await res.body?.cancel();
        throw new DownloadVerificationError(`server resumed at ${startAt?.[1] ?? '?'} instead of byte ${have}`);
      }
      expected = totalFromContentRange(res.headers.get('content-range'));
      flags = 'a';
    } else if (res.status === 416) {
      // The .part already holds every byte (we were killed between writing and renaming).
      await res.body?.cancel();
      expected = totalFromContentRange(res.headers.get('content-range'));
      if (expected !== null && expected === have) {
        await verifyAudioFile(part, expected);
        break;
      }
      await rm(part, { force: true });
      continue;
    } else if (res.ok) {
      const len = res.headers.get('content-length');
      expected = len === null ? null : Number(len);
      flags = 'w'; // no range support: start over
    } else {
      const text = await res.text();
      throw new HttpError(res.status, url, text, `download failed: HTTP ${res.status} ${text.slice(0, 200)}`);
    }
    if (!res.body) throw new DownloadVerificationError('the server sent no body');
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(part, { flags }));
    } catch (err) {
      // A connection dropped mid-body: keep what arrived and ask for the rest.
      if (attempt >= maxBodyAttempts) throw new Error(`download broke off ${attempt} times; last: ${(err as Error).message}`);
      options.onWait?.({ reason: 'network', detail: `transfer broke off at byte ${(await sizeOf(part)) ?? 0}, resuming`, waitMs: 0, attempt, url: new URL(url).pathname });
      continue;
    }
    const got = (await sizeOf(part)) ?? 0;
    if (expected !== null && got < expected && attempt < maxBodyAttempts) continue;
    await verifyAudioFile(part, expected);
    break;
  }
  const h = await open(part, 'r+');
  await h.sync();
  await h.close();
  await rename(part, dest);
  return { path: dest, bytes: (await sizeOf(dest)) ?? 0, resumedFrom };
}
