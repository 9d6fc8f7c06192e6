import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { ModelError } from './download';

async function decompressorFor(path: string): Promise<Transform | undefined> {
  const handle = await open(path, 'r');
  const head = Buffer.alloc(262);
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  // The archive packages load with the first import of a model, not with every start of the app.
  if (head.toString('ascii', 0, 3) === 'BZh') return (await import('unbzip2-stream')).default() as unknown as Transform;
  if (head[0] === 0x1f && head[1] === 0x8b) return createGunzip();
  if (head.toString('ascii', 257, 262) === 'ustar') return undefined;
  throw new ModelError(`${path} is not a model archive (.tar.bz2, .tar.gz or .tar)`);
}

function safeJoin(root: string, entryName: string): string {
  const clean = normalize(entryName);
  if (isAbsolute(clean) || clean.split(sep).includes('..')) throw new ModelError(`archive entry "${entryName}" points outside the model folder; refusing it`);
  return join(root, clean);
}

/** Streams a tar(.bz2|.gz) into destDir; nothing is held in memory but the current block. */
export async function extractArchive(archivePath: string, destDir: string): Promise<void> {
  const decompressor = await decompressorFor(archivePath);
  const extractor = (await import('tar-stream')).extract();
  const consume = (async () => {
    for await (const entry of extractor) {
      const target = safeJoin(destDir, entry.header.name);
      if (entry.header.type === 'directory') {
        await mkdir(target, { recursive: true });
        entry.resume();
      } else if (entry.header.type === 'file' || entry.header.type === 'contiguous-file') {
        await mkdir(dirname(target), { recursive: true });
        await pipeline(entry, createWriteStream(target));
      } else {
        entry.resume(); // links and devices have no place in a model folder
      }
    }
  })();
  const stages: (Readable | Transform | NodeJS.WritableStream)[] = [createReadStream(archivePath)];
  if (decompressor) stages.push(decompressor);
  stages.push(extractor);
  try {
    await Promise.all([pipeline(stages as [Readable, ...Transform[]]), consume]);
  } catch (error) {
    if (error instanceof ModelError) throw error;
    throw new ModelError(`archive ${archivePath} is corrupt or truncated (${(error as Error).message})`, { cause: error });
  }
}

/** sherpa-onnx archives wrap everything in one top folder; the model root is that folder when it is alone. */
export async function modelRoot(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  const only = entries[0];
  if (entries.length === 1 && only?.isDirectory()) return join(dir, only.name);
  return dir;
}
