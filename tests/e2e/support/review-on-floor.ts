import { resolve } from 'node:path';
import { prepareReviewSet } from '../../../electron/review-sets/open-review-set';
import { callScores } from '../../../electron/review/call-scores';
import { saveReview } from '../../../electron/review/manual-reviews';
import { openDatabase } from '../../../electron/db/open';

/**
 * What a supervisor does on a laptop with the downloaded set: open it (audio written beside it)
 * and review one call in it with the app's own save, as `review-set open FILE` would.
 * `tsx tests/e2e/support/review-on-floor.ts SET CALL_ID REVIEWER NOTES` prints the review as JSON.
 */
const [file, callId, reviewer, notes] = process.argv.slice(2);
if (!file || !callId || !reviewer || !notes) {
  process.stderr.write('usage: tsx tests/e2e/support/review-on-floor.ts SET CALL_ID REVIEWER NOTES\n');
  process.exit(2);
}
prepareReviewSet(resolve(file));
const db = openDatabase(resolve(file));
try {
  // The reviewer agrees with the AI except that no criterion earns more than half its points.
  const criteria = callScores(db, callId).find((s) => s.kind === 'qa')?.criteria ?? [];
  const criterionScores = Object.fromEntries(
    criteria.filter((c) => c.outcome !== 'not_applicable').map((c) => [c.id, Math.floor(c.points / 2)]),
  );
  const saved = saveReview(db, { callId, reviewer, criterionScores, notes });
  const leadId = db.prepare('SELECT lead_id FROM calls WHERE call_id = ?').pluck().get(callId) as string;
  process.stdout.write(JSON.stringify({ ...saved, leadId }) + '\n');
} finally {
  db.close();
}
