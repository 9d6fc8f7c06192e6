import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { OutboundError, type Limits } from '../../net/outbound-fetch';
import { bodySnippet, retryingFetch, type RetryingFetchOptions } from '../../net/retrying-fetch';

export class ModelError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelError';
  }
}

export interface DownloadProgress {
  receivedBytes: number;
  totalBytes: number | undefined;
}

export interface DownloadOptions {
  url: string;
  /** Bytes the archive may have: more is refused (the catalogue's size gives it). */
  maxBytes: number;
  /** Tests tighten the speed limit; an archive of hundreds of megabytes has no overall deadline. */
  limits?: Partial<Limits>;
  /** The connectors' retry rules (429 Retry-After, 5xx and timeouts backed off) and where waits are reported. */
  retry?: Pick<RetryingFetchOptions, 'policy' | 'onWait' | 'sleep'>;
  /** Bytes land here and stay between attempts, so the next attempt resumes with an HTTP Range request. */
  partPath: string;
  expectedSha256?: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

function parseContentRange(header: string | null): { start: number; total: number | undefined } | undefined {
  const match = header?.match(/^bytes (\d+)-\d+\/(\d+|\*)$/);
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[2] === '*' ? undefined : Number(match[2]) };
}

/**
 * Downloads url into partPath, resuming what an earlier attempt left, and checks the SHA-256 when one is known.
 * A cut connection keeps the partial file (for resume) and throws; a checksum mismatch deletes it and throws.
 */
export async function downloadWithResume(options: DownloadOptions): Promise<{ sha256: string; bytes: number }> {
  const { url, partPath, signal } = options;
  await mkdir(dirname(partPath), { recursive: true });
  let existing = await sizeOf(partPath);
  let response: Response;
  const limits: Partial<Limits> = { deadlineMs: null, lowSpeed: { bytesPerSecond: 1024, windowMs: 30_000 }, ...options.limits, maxBytes: Math.max(1, options.maxBytes - existing) };
  try {
    // No credentials: a release asset redirects to its storage host (GitHub's does), and that is followed.
    const headers = { 'accept-encoding': 'identity', ...(existing > 0 ? { range: `bytes=${existing}-` } : {}) };
    response = await retryingFetch(url, { headers, signal }, { ...options.retry, limits });
  } catch (error) {
    if (signal?.aborted) throw new ModelError('download cancelled; run install again to resume', { cause: error });
    if (error instanceof OutboundError) throw new ModelError(`download of ${url} refused: ${error.message}`, { cause: error });
    throw new ModelError(`cannot reach ${url}: ${(error as Error).message}. On a machine without internet, use "models import" with a copy of the archive.`, { cause: error });
  }

  let total: number | undefined;
  let append = false;
  if (response.status === 416 && existing > 0) {
    // Nothing left to fetch: the partial file is already whole. The checksum/structure check below decides.
    await response.body?.cancel();
    total = existing;
  } else if (response.status === 206) {
    const range = parseContentRange(response.headers.get('content-range'));
    append = range?.start === existing;
    total = range?.total;
    if (!append) existing = 0;
  } else if (response.ok && /^(text\/|application\/json)/i.test(response.headers.get('content-type') ?? '')) {
    const text = await bodySnippet(response, 2000);
    const title = /<title[^>]*>([^<]{1,120})/i.exec(text)?.[1];
    throw new ModelError(`download failed: ${url} sent ${response.headers.get('content-type')} instead of an archive: ${(title ?? text).replace(/\s+/g, ' ').trim().slice(0, 120)}`);
  } else if (response.ok) {
    existing = 0; // the server ignored our Range header: start over
    const length = response.headers.get('content-length');
    total = length ? Number(length) : undefined;
  } else {
    await response.body?.cancel();
    throw new ModelError(`download failed: HTTP ${response.status} ${response.statusText} from ${url}`);
  }

  if (response.status !== 416 && response.body) {
    let received = existing;
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        options.onProgress?.({ receivedBytes: received, totalBytes: total });
        controller.enqueue(chunk);
      },
    });
    const body = response.body.pipeThrough(counter) as unknown as WebReadableStream<Uint8Array>;
    try {
      await pipeline(Readable.fromWeb(body), createWriteStream(partPath, { flags: append ? 'a' : 'w' }), { signal });
    } catch (error) {
      const got = await sizeOf(partPath);
      if (signal?.aborted) throw new ModelError(`download cancelled at ${got} bytes; run install again to resume`, { cause: error });
      if (error instanceof OutboundError && !error.retryable) {
        await rm(partPath, { force: true });
        throw new ModelError(`download of ${url} refused: ${error.message}`, { cause: error });
      }
      const why = error instanceof OutboundError ? ` (${error.message})` : '';
      throw new ModelError(`download interrupted at ${got}${total ? ` of ${total}` : ''} bytes; run install again to resume${why}`, { cause: error });
    }
  }

  const bytes = await sizeOf(partPath);
  if (total !== undefined && bytes < total) {
    throw new ModelError(`download interrupted at ${bytes} of ${total} bytes; run install again to resume`);
  }
  const sha256 = await sha256File(partPath);
  if (options.expectedSha256 && sha256 !== options.expectedSha256.toLowerCase()) {
    await rm(partPath, { force: true });
    throw new ModelError(`checksum mismatch: expected sha256 ${options.expectedSha256}, got ${sha256}; the download was deleted, run install again`);
  }
  return { sha256, bytes };
}
