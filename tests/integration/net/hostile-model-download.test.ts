import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WaitNotice } from '../../../electron/net/retrying-fetch';
import type { CatalogueEntry } from '../../../electron/transcription/models/catalogue';
import { testModelEntry } from '../../fixtures/test-model-entry';
import { installModel, resolveInstalledModel } from '../../../electron/transcription/models/model-store';
import { watchProcessFaults, type ProcessFaults } from '../../fixtures/process-faults';
import { HostileServer, type HostileMode } from '../../fixtures/servers/hostile-server';

const encoder = randomBytes(300_000);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
let archive: Buffer;
let origin: Server;
let originUrl = '';
const originRequests: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  const p = pack();
  for (const [name, body] of Object.entries({ 'm/test-encoder.onnx': encoder, 'm/test-decoder.onnx': Buffer.from('decoder'), 'm/test-tokens.txt': Buffer.from('a 0\n') })) {
    p.entry({ name, size: body.length }, body);
  }
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  archive = gzipSync(Buffer.concat(chunks));
  // The release host: the archive with Range support, as GitHub's storage serves it.
  origin = createServer((req, res) => {
    originRequests.push(req.headers);
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const from = m ? Number(m[1]) : 0;
    if (from >= archive.length) return void res.writeHead(416, { 'content-range': `bytes */${archive.length}` }).end();
    res.writeHead(m ? 206 : 200, {
      'content-type': 'application/octet-stream',
      'content-length': archive.length - from,
      ...(m ? { 'content-range': `bytes ${from}-${archive.length - 1}/${archive.length}` } : {}),
    });
    res.end(archive.subarray(from));
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', () => r()));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
});

afterAll(async () => {
  origin.closeAllConnections();
  await new Promise((r) => origin.close(r));
});

let hostile: HostileServer;
let modelsDir: string;
let faults: ProcessFaults;
beforeEach(async () => {
  faults = watchProcessFaults();
  hostile = new HostileServer(() => originUrl);
  await hostile.start();
  modelsDir = await mkdtemp(join(tmpdir(), 'cr-hostile-models-'));
  originRequests.length = 0;
});
afterEach(async () => {
  faults.stop();
  await hostile.stop();
  await rm(modelsDir, { recursive: true, force: true });
  expect(faults.faults).toEqual([]);
});

const catalogue = (): CatalogueEntry[] => [testModelEntry(`${hostile.baseUrl}/model.tar.gz`, createHash('sha256').update(archive).digest('hex'))];

const install = (waits: WaitNotice[] = []): Promise<string> =>
  installModel('test-model', {
    modelsDir,
    catalogue: catalogue(),
    limits: { lowSpeed: { bytesPerSecond: 64, windowMs: 400 } },
    retry: { policy: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 }, onWait: (w) => waits.push(w) },
  });
const part = (): string => join(modelsDir, '.downloads', 'test-model.part');

/** The reason per mode, and whether the bytes that came stay for the next attempt to resume from. */
const FAILING: [HostileMode, RegExp, 'kept' | 'deleted'][] = [
  ['truncated', /download interrupted at \d+ of \d+ bytes; run install again to resume \(the connection to 127\.0\.0\.1:\d+ closed after/, 'kept'],
  ['wrong-length', /checksum mismatch: .* the download was deleted, run install again/, 'deleted'],
  ['reset', /download interrupted at \d+ of \d+ bytes; run install again to resume \(the connection to 127\.0\.0\.1:\d+ (was reset|closed) after/, 'kept'],
  ['slow', /download interrupted at \d+ of \d+ bytes; run install again to resume \(the answer from 127\.0\.0\.1:\d+ came too slowly/, 'kept'],
  ['redirect-loop', /download of .* refused: .*more than 5 redirects/, 'deleted'],
  ['huge', /download of .* refused: the answer from 127\.0\.0\.1:\d+ is larger than 2\.0 MiB; refused/, 'deleted'],
  ['invalid-json', /download failed: .* sent application\/json instead of an archive/, 'deleted'],
  ['html-200', /download failed: .* sent text\/html; charset=utf-8 instead of an archive: 502 Bad Gateway/, 'deleted'],
  ['unauthorized', /download failed: HTTP 401 Unauthorized from/, 'deleted'],
];

describe('model download against a hostile server', () => {
  it.each(FAILING)('%s: fails with its reason and installs nothing; a healed install completes', async (mode, reason, bytes) => {
    hostile.mode = mode;
    await expect(install()).rejects.toThrow(reason);
    expect(await resolveInstalledModel('test-model', { modelsDir, catalogue: catalogue() })).toBeUndefined();
    expect(existsSync(part())).toBe(bytes === 'kept');
    const kept = bytes === 'kept' ? (await stat(part())).size : 0;

    hostile.heal();
    const dir = await install();
    expect(sha(await readFile(join(dir, 'test-encoder.onnx')))).toBe(sha(encoder));
    // What was kept was resumed, not fetched again.
    if (kept > 0) expect(originRequests.at(-1)?.range).toBe(`bytes=${kept}-`);
    expect(existsSync(part())).toBe(false);
  });

  it.each(['http10-close', 'redirect-away', 'retry-after-date'] as const)('%s: installs (a redirect to the storage host is followed; a dated Retry-After is waited out)', async (mode) => {
    hostile.mode = mode;
    const waits: WaitNotice[] = [];
    const dir = await install(waits);
    expect(sha(await readFile(join(dir, 'test-encoder.onnx')))).toBe(sha(encoder));
    if (mode === 'redirect-away') expect(hostile.awaySeen.map((r) => r.path)).toEqual(['/model.tar.gz']);
    if (mode === 'retry-after-date') expect(waits).toEqual([expect.objectContaining({ reason: 'rate_limited', detail: expect.stringMatching(/Retry-After \w{3}, .* GMT/) })]);
  });
});
