import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

const WHOLE_FILE_LIMIT = 8 * 1024 * 1024;

/** sha256 of a file's bytes: the identity of a recording whatever its name or folder. */
export async function hashFile(path: string, size?: number): Promise<string> {
  const hash = createHash('sha256');
  // Small files in one read: a stream's setup costs more than the hashing itself.
  if (size !== undefined && size <= WHOLE_FILE_LIMIT) {
    return hash.update(await readFile(path)).digest('hex');
  }
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
