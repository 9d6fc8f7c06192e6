import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../db/open';
import { exportReviewSet, type ExportResult } from './export-review-set';
import { mergeReviewSet, type MergeReport } from './merge-review-set';
import { checkReviewSetFile } from './check-review-set-file';
import { ReviewSetFileError, type ReviewSetInfo } from './review-set-file';

/**
 * The review-set file as bytes, for the app: the browser (or Electron's window) downloads and
 * uploads files, it never names a path on this machine. Each call works in a private temp folder
 * that is gone afterwards, so nothing of a set lingers beside the database.
 */
function inTempDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'callrank-review-set-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export class ReviewSetTooLargeError extends Error {
  override name = 'ReviewSetTooLargeError';
}

export function exportReviewSetBytes(
  db: Db,
  callIds: readonly string[],
  maxBytes: number,
): Omit<ExportResult, 'path'> & { bytes: Buffer } {
  return inTempDir((dir) => {
    const { path, ...result } = exportReviewSet(db, callIds, join(dir, 'review-set.crset'));
    const size = statSync(path).size;
    if (size > maxBytes) {
      throw new ReviewSetTooLargeError(
        `the review set would be ${mb(size)}, over the ${mb(maxBytes)} the app transfers: choose fewer calls, or use \`review-set export\` on the command line`,
      );
    }
    return { ...result, bytes: readFileSync(path) };
  });
}

/** Checks the whole file first: a bad one is refused with its reason and changes nothing here. */
export function mergeReviewSetBytes(db: Db, bytes: Buffer): MergeReport & Pick<ReviewSetInfo, 'exportedAt' | 'calls'> {
  if (bytes.length === 0) throw new ReviewSetFileError('the file is empty: not a review set');
  return inTempDir((dir) => {
    const path = join(dir, 'upload.crset');
    writeFileSync(path, bytes);
    const info = checkReviewSetFile(path);
    return { ...mergeReviewSet(db, path), exportedAt: info.exportedAt, calls: info.calls };
  });
}

const mb = (bytes: number): string => `${Math.ceil(bytes / 1024 / 1024)} MB`;
