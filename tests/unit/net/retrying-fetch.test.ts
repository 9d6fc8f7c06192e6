import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter, retryingFetch, type WaitNotice } from '../../../electron/net/retrying-fetch';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

/** A server that answers each request with the next scripted behaviour. */
async function scripted(script: ('hang' | number)[]): Promise<string> {
  let i = 0;
  server = createServer((_req, res) => {
    const step = script[Math.min(i++, script.length - 1)];
    if (step === 'hang') return; // never answers
    res.writeHead(step as number, step === 429 ? { 'retry-after': '0' } : {});
    res.end(String(step));
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
}

describe('retryingFetch', () => {
  it('retries a request that gets no answer in time, then one that fails with 503, and returns the 200', async () => {
    const url = await scripted(['hang', 503, 200]);
    const waits: WaitNotice[] = [];
    const slept: number[] = [];
    const res = await retryingFetch(url, {}, {
      policy: { timeoutMs: 300, baseDelayMs: 100 },
      onWait: (w) => waits.push(w),
      sleep: async (ms) => void slept.push(ms),
    });
    expect(res.status).toBe(200);
    expect(waits.map((w) => w.reason)).toEqual(['timeout', 'server_error']);
    expect(waits[0]?.detail).toBe('no answer within 0.3 s');
    expect(slept[0]).toBeGreaterThanOrEqual(50);
    expect(slept[1]).toBeGreaterThanOrEqual(100); // doubled for the second attempt (with jitter in [exp/2, exp])
  });

  it('gives up after maxAttempts, naming the last problem; a 404 is returned, not retried', async () => {
    const url = await scripted([500]);
    await expect(retryingFetch(url, {}, { policy: { maxAttempts: 3, baseDelayMs: 1 } })).rejects.toThrow(/after 3 attempts; last problem: 500/);
    await new Promise<void>((r) => server?.close(() => r()));
    const url404 = await scripted([404, 200]);
    expect((await retryingFetch(url404)).status).toBe(404);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});
