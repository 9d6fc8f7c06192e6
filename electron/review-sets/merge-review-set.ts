import { resolve } from 'node:path';
import type { Db } from '../db/open';
import { checkReviewSetFile } from './check-review-set-file';
import { readReviewSetInfo } from './review-set-file';

interface ReviewRow {
  review_uuid: string;
  call_id: string;
  reviewer: string;
  rubric_id: number | null;
  criterion_scores: string;
  total_score: number | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface MergeConflict {
  reviewUuid: string;
  callId: string;
  /** Which side's edit was kept: the later updated_at (last writer wins). */
  kept: 'set' | 'here';
  hereUpdatedAt: string;
  setUpdatedAt: string;
  hereReviewer: string;
  setReviewer: string;
}

export interface MergeReport {
  setId: string;
  added: number;
  updated: number;
  unchanged: number;
  /** Reviews edited on both sides since the export: one edit was kept, the other is listed here. */
  conflicts: MergeConflict[];
  /** Reviews of calls this database does not have (skipped). */
  skipped: { reviewUuid: string; callId: string; reason: string }[];
}

const COLUMNS = ['reviewer', 'rubric_id', 'criterion_scores', 'total_score', 'notes'] as const;
const same = (a: ReviewRow, b: ReviewRow): boolean =>
  COLUMNS.every((c) => a[c] === b[c]) && a.updated_at === b.updated_at;

/**
 * Brings the manual reviews made in a review set back into this database. A review is one row per
 * review_uuid on both sides, so merging never duplicates and merging the same set twice changes
 * nothing. When both sides hold a review with different content the later updated_at wins
 * (last writer wins, per review); if both sides edited it after the export, that is a conflict:
 * the losing edit is reported with who made it and when, so nobody's work disappears unseen.
 */
export function mergeReviewSet(db: Db, setFile: string): MergeReport {
  checkReviewSetFile(setFile);
  db.prepare('ATTACH DATABASE ? AS rs').run(resolve(setFile));
  try {
    const info = readReviewSetInfo(db, 'rs');
    const incoming = db.prepare('SELECT * FROM rs.manual_reviews ORDER BY updated_at').all() as ReviewRow[];
    const here = db.prepare('SELECT * FROM main.manual_reviews WHERE review_uuid = ?');
    const callHere = db.prepare('SELECT 1 FROM main.calls WHERE call_id = ?');
    const rubricHere = db.prepare('SELECT 1 FROM main.rubrics WHERE rubric_id = ?');
    const upsert = db.prepare(
      `INSERT INTO main.manual_reviews (review_uuid, call_id, reviewer, rubric_id, criterion_scores, total_score, notes, created_at, updated_at)
       VALUES (@review_uuid, @call_id, @reviewer, @rubric_id, @criterion_scores, @total_score, @notes, @created_at, @updated_at)
       ON CONFLICT (review_uuid) DO UPDATE SET reviewer = excluded.reviewer, rubric_id = excluded.rubric_id,
         criterion_scores = excluded.criterion_scores, total_score = excluded.total_score, notes = excluded.notes,
         updated_at = excluded.updated_at`,
    );
    const report: MergeReport = {
      setId: info.setId,
      added: 0,
      updated: 0,
      unchanged: 0,
      conflicts: [],
      skipped: [],
    };
    db.transaction(() => {
      for (const theirs of incoming) {
        if (!callHere.get(theirs.call_id)) {
          report.skipped.push({
            reviewUuid: theirs.review_uuid,
            callId: theirs.call_id,
            reason: 'call not in this database',
          });
          continue;
        }
        // A rubric version made only inside the set is unknown here: keep the review, without the link.
        const row = {
          ...theirs,
          rubric_id: theirs.rubric_id !== null && rubricHere.get(theirs.rubric_id) ? theirs.rubric_id : null,
        };
        const mine = here.get(theirs.review_uuid) as ReviewRow | undefined;
        if (!mine) {
          upsert.run(row);
          report.added++;
          continue;
        }
        if (same(mine, row)) {
          report.unchanged++;
          continue;
        }
        const setWins = row.updated_at > mine.updated_at;
        if (mine.updated_at > info.exportedAt && row.updated_at > info.exportedAt) {
          report.conflicts.push({
            reviewUuid: mine.review_uuid,
            callId: mine.call_id,
            kept: setWins ? 'set' : 'here',
            hereUpdatedAt: mine.updated_at,
            setUpdatedAt: row.updated_at,
            hereReviewer: mine.reviewer,
            setReviewer: row.reviewer,
          });
        }
        if (setWins) {
          upsert.run(row);
          report.updated++;
        } else {
          report.unchanged++;
        }
      }
    })();
    return report;
  } finally {
    db.prepare('DETACH DATABASE rs').run();
  }
}
