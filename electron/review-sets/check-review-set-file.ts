import Database from 'better-sqlite3';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { migrations } from '../db/migrations/index';
import { readReviewSetInfo, ReviewSetFileError, type ReviewSetInfo } from './review-set-file';

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;

/**
 * Tells a usable review set from anything else before a byte of it is merged: SQLite reads a
 * truncated or foreign file lazily and would fail half-way, or worse, read a cut-off file as if
 * it had fewer rows. Each refusal names what is wrong, for the person who picked the file.
 */
export function checkReviewSetFile(path: string): ReviewSetInfo {
  checkHeader(path);
  let db: Database.Database;
  try {
    // Not read-only: a read-only connection to a set left in WAL mode (as the app leaves one it
    // opened) would leave -wal and -shm files beside it. Nothing here writes to the set.
    db = new Database(path, { fileMustExist: true });
  } catch (err) {
    throw new ReviewSetFileError(`cannot open the review set: ${(err as Error).message}`);
  }
  try {
    const problems = sqlite(() => db.pragma('quick_check(3)') as { quick_check: string }[])
      .flatMap((r) => r.quick_check.split('\n'))
      .map((line) => line.trim())
      .filter((line) => line && line !== 'ok' && !line.startsWith('*** in database'));
    if (problems.length) {
      throw new ReviewSetFileError(`damaged review set (${problems.join('; ').slice(0, 300)}): copy or export it again`);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    const newest = migrations.at(-1)?.version ?? 0;
    if (version > newest) {
      throw new ReviewSetFileError(
        `this review set was written by a newer CallRank (database version ${version}; this one knows up to ${newest}): update CallRank to merge it`,
      );
    }
    return sqlite(() => readReviewSetInfo(db));
  } finally {
    db.close();
  }
}

/** The 100-byte header says the page size and, when current, how many pages the file must hold. */
function checkHeader(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new ReviewSetFileError(`no such review set: ${path}`);
  }
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(HEADER_BYTES);
    const read = readSync(fd, header, 0, HEADER_BYTES, 0);
    if (read < MAGIC.length || !header.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new ReviewSetFileError('not a CallRank review set (not a database file; export one from CallRank)');
    }
    if (read < HEADER_BYTES) throw new ReviewSetFileError(`the review set is truncated: only ${size} bytes`);
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
    const pages = header.readUInt32BE(28);
    // The page count is only maintained when the "version valid for" matches the change counter.
    const countIsCurrent = header.readUInt32BE(92) === header.readUInt32BE(24) && pages > 0;
    const expected = countIsCurrent ? pages * pageSize : Math.ceil(size / pageSize) * pageSize;
    if (pageSize < 512 || size < expected) {
      throw new ReviewSetFileError(
        `the review set is truncated: ${size} bytes of ${expected} (copy the whole file again)`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

/** SQLite's own errors on a bad file (SQLITE_CORRUPT, SQLITE_NOTADB) become a plain refusal. */
function sqlite<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ReviewSetFileError) throw err;
    throw new ReviewSetFileError(`damaged review set: ${(err as Error).message}`);
  }
}
