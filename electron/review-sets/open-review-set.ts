import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../db/open';
import { checkReviewSetFile } from './check-review-set-file';
import { readReviewSetInfo, reviewSetAudioDir, type ReviewSetInfo } from './review-set-file';

/**
 * Makes a review set ready to use on this machine: its audio is written out to a folder beside
 * the file (`F.audio/`) and each call points at its copy, so the app plays it like any recording.
 * The set itself is then a normal CallRank database: `serve --db F` or the review-set CLI opens it.
 * A call without audio in the set points nowhere, whatever path the file held: a set's calls play
 * only what is in the set (recording-folders.ts).
 */
export function prepareReviewSet(file: string): ReviewSetInfo & { audioDir: string; audio: number } {
  checkReviewSetFile(file);
  const db = openDatabase(resolve(file));
  try {
    const info = readReviewSetInfo(db);
    const audioDir = reviewSetAudioDir(resolve(file));
    mkdirSync(audioDir, { recursive: true });
    const rows = db.prepare('SELECT call_id, file_name, bytes FROM review_set_audio').all() as {
      call_id: string;
      file_name: string;
      bytes: Buffer;
    }[];
    const point = db.prepare('UPDATE calls SET recording_path = ? WHERE call_id = ?');
    db.transaction(() => {
      db.prepare('UPDATE calls SET recording_path = NULL').run();
      for (const r of rows) {
        // The call id keeps two recordings with the same file name apart.
        const path = join(
          audioDir,
          `${r.call_id.replace(/[^\w.-]/g, '_')}-${r.file_name.replace(/[^\w.-]/g, '_')}`,
        );
        writeFileSync(path, r.bytes);
        point.run(path, r.call_id);
      }
    })();
    return { ...info, audioDir, audio: rows.length };
  } finally {
    db.close();
  }
}
