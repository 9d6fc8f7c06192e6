import { randomBytes, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogueEntry } from '../../../electron/transcription/models/catalogue';
import { testModelEntry } from '../../fixtures/test-model-entry';
import { importModel, installModel, listModels, removeModel, resolveInstalledModel } from '../../../electron/transcription/models/model-store';

const FIXTURES = join(import.meta.dirname, '..', '..', 'unit', 'transcription', 'fixtures');

async function tarGz(files: Record<string, Buffer>): Promise<Buffer> {
  const p = pack();
  for (const [name, content] of Object.entries(files)) p.entry({ name, size: content.length }, content);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

const encoder = randomBytes(400_000); // random: gzip cannot shrink it, so the archive is big enough to cut
const modelFiles = {
  'sherpa-onnx-test/test-encoder.onnx': encoder,
  'sherpa-onnx-test/test-decoder.onnx': Buffer.from('decoder'),
  'sherpa-onnx-test/test-tokens.txt': Buffer.from('a 0\nb 1\n'),
};
let archive: Buffer;
let archiveSha: string;

type Mode = 'normal' | 'cut-once' | 'ignore-range' | 'missing';
let mode: Mode = 'normal';
let requests: IncomingHttpHeaders[] = [];
let server: Server;
let baseUrl: string;
let modelsDir: string;
const served: Record<string, Buffer> = {};

beforeAll(async () => {
  archive = await tarGz(modelFiles);
  archiveSha = createHash('sha256').update(archive).digest('hex');
  served['/model.tar.gz'] = archive;
  served['/truncated.tar.gz'] = archive.subarray(0, Math.floor(archive.length / 2));
  served['/incomplete.tar.gz'] = await tarGz({ 'sherpa-onnx-test/test-encoder.onnx': Buffer.from('x') });
  server = createServer((req, res) => {
    requests.push(req.headers);
    const body = served[req.url ?? ''];
    if (!body || mode === 'missing') {
      res.writeHead(404).end('not found');
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && mode !== 'ignore-range') {
      const start = Number(range[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, { 'Content-Length': body.length - start, 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` });
      res.end(body.subarray(start));
      return;
    }
    res.writeHead(200, { 'Content-Length': body.length });
    if (mode === 'cut-once') {
      mode = 'normal';
      // Send a third, give the client time to take it in, then drop the connection as a flaky network would.
      res.flushHeaders();
      res.write(body.subarray(0, Math.floor(body.length / 3)), () => setTimeout(() => res.socket?.destroy(), 200));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'cr-models-'));
  mode = 'normal';
  requests = [];
});

function entry(path: string, sha256?: string): CatalogueEntry {
  return testModelEntry(`${baseUrl}${path}`, sha256);
}

describe('model download', () => {
  it('resumes with a Range request after the connection is cut, then installs', async () => {
    const catalogue = [entry('/model.tar.gz', archiveSha)];
    mode = 'cut-once';
    await expect(installModel('test-model', { modelsDir, catalogue })).rejects.toThrow(/download interrupted at \d+ of \d+ bytes; run install again to resume/);
    const partial = (await stat(join(modelsDir, '.downloads', 'test-model.part'))).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(archive.length);
    expect(await resolveInstalledModel('test-model', { modelsDir, catalogue })).toBeUndefined();

    const progress: number[] = [];
    const dir = await installModel('test-model', { modelsDir, catalogue, onProgress: (p) => progress.push(p.receivedBytes) });
    expect(requests.at(-1)?.range).toBe(`bytes=${partial}-`);
    expect(progress[0]).toBeGreaterThan(partial);
    expect(progress.at(-1)).toBe(archive.length);
    expect(await readFile(join(dir, 'test-encoder.onnx'))).toEqual(encoder);
    expect(existsSync(join(modelsDir, '.downloads', 'test-model.part'))).toBe(false);
    const [status] = await listModels({ modelsDir, catalogue });
    expect(status?.installed).toMatchObject({ id: 'test-model', source: 'download', sha256: archiveSha });
    expect(await resolveInstalledModel('test-model', { modelsDir, catalogue })).toMatchObject({ dir });
  });

  it('starts over when the server ignores Range', async () => {
    const catalogue = [entry('/model.tar.gz', archiveSha)];
    await mkdir(join(modelsDir, '.downloads'), { recursive: true });
    await writeFile(join(modelsDir, '.downloads', 'test-model.part'), archive.subarray(0, 1000));
    mode = 'ignore-range';
    const dir = await installModel('test-model', { modelsDir, catalogue });
    expect(await readFile(join(dir, 'test-encoder.onnx'))).toEqual(encoder);
  });

  it('rejects a checksum mismatch, deletes the download and installs nothing', async () => {
    const catalogue = [entry('/model.tar.gz', 'ab'.repeat(32))];
    await expect(installModel('test-model', { modelsDir, catalogue })).rejects.toThrow(`checksum mismatch: expected sha256 ${'ab'.repeat(32)}, got ${archiveSha}`);
    expect(existsSync(join(modelsDir, '.downloads', 'test-model.part'))).toBe(false);
    expect(existsSync(join(modelsDir, 'test-model'))).toBe(false);
  });

  it('rejects a truncated archive without installing half a model', async () => {
    const catalogue = [entry('/truncated.tar.gz')];
    await expect(installModel('test-model', { modelsDir, catalogue })).rejects.toThrow(/is corrupt or truncated/);
    expect(existsSync(join(modelsDir, 'test-model'))).toBe(false);
    expect(existsSync(join(modelsDir, '.downloads', 'test-model.part'))).toBe(false);
  });

  it('rejects an archive that lacks the model files, naming them', async () => {
    const catalogue = [entry('/incomplete.tar.gz')];
    await expect(installModel('test-model', { modelsDir, catalogue })).rejects.toThrow(/does not hold the test-model model: test-decoder.onnx is missing, test-tokens.txt is missing/);
    expect((await listModels({ modelsDir, catalogue }))[0]?.installed).toBeUndefined();
  });

  it('reports HTTP errors with the status and URL', async () => {
    const catalogue = [entry('/model.tar.gz')];
    mode = 'missing';
    await expect(installModel('test-model', { modelsDir, catalogue })).rejects.toThrow(`download failed: HTTP 404 Not Found from ${baseUrl}/model.tar.gz`);
  });

  it('names unknown models', async () => {
    await expect(installModel('whisper-huge', { modelsDir, catalogue: [entry('/model.tar.gz')] })).rejects.toThrow('unknown model "whisper-huge"; known models: test-model');
  });
});

describe('model import and removal', () => {
  it('imports a local archive file and checks its sha256 when known', async () => {
    const file = join(modelsDir, 'brought-on-usb.tar.gz');
    await writeFile(file, archive);
    await expect(importModel('test-model', file, { modelsDir, catalogue: [entry('/x', 'cd'.repeat(32))] })).rejects.toThrow(/has sha256 .* expected cdcd/);
    const dir = await importModel('test-model', file, { modelsDir, catalogue: [entry('/x', archiveSha)] });
    expect(await readFile(join(dir, 'test-tokens.txt'), 'utf8')).toBe('a 0\nb 1\n');
    expect((await listModels({ modelsDir, catalogue: [entry('/x')] }))[0]?.installed?.source).toBe('import');
  });

  it('imports a .tar.bz2 (the format sherpa-onnx publishes)', async () => {
    const catalogue = [{ ...entry('/x'), layout: { kind: 'whisper' as const, encoder: 'fake-encoder.onnx', decoder: 'fake-decoder.onnx', tokens: 'fake-tokens.txt' } }];
    const dir = await importModel('test-model', join(FIXTURES, 'fake-model.tar.bz2'), { modelsDir, catalogue });
    expect(await readFile(join(dir, 'fake-encoder.onnx'), 'utf8')).toBe('encoder bytes\n');
  });

  it('imports an unpacked folder, and refuses one with files missing', async () => {
    const folder = join(modelsDir, 'unpacked');
    await mkdir(folder);
    await writeFile(join(folder, 'test-encoder.onnx'), 'e');
    await writeFile(join(folder, 'test-decoder.onnx'), 'd');
    const catalogue = [entry('/x')];
    await expect(importModel('test-model', folder, { modelsDir, catalogue })).rejects.toThrow(`${folder} does not hold the test-model model: test-tokens.txt is missing`);
    await writeFile(join(folder, 'test-tokens.txt'), '');
    await expect(importModel('test-model', folder, { modelsDir, catalogue })).rejects.toThrow('test-tokens.txt is empty');
    await writeFile(join(folder, 'test-tokens.txt'), 'a 0\n');
    const dir = await importModel('test-model', folder, { modelsDir, catalogue });
    expect(await readFile(join(dir, 'test-encoder.onnx'), 'utf8')).toBe('e');
  });

  it('refuses to import something that is not an archive', async () => {
    const file = join(modelsDir, 'notes.txt');
    await writeFile(file, 'hello');
    await expect(importModel('test-model', file, { modelsDir, catalogue: [entry('/x')] })).rejects.toThrow(/is not a model archive/);
  });

  it('removes an installed model', async () => {
    const catalogue = [entry('/model.tar.gz')];
    await installModel('test-model', { modelsDir, catalogue });
    expect(await removeModel('test-model', { modelsDir, catalogue })).toBe(true);
    expect(await resolveInstalledModel('test-model', { modelsDir, catalogue })).toBeUndefined();
    expect(await removeModel('test-model', { modelsDir, catalogue })).toBe(false);
  });
});

afterAll(async () => {
  await rm(modelsDir, { recursive: true, force: true });
});
