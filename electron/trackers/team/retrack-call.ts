import type { Db } from '../../db/open';
import { stmt } from '../../db/statements';
import { analyseAndStoreCall } from '../../analysis/analyse-and-store';
import { callFeaturesSchema } from '../../../shared/scoring/call-features';
import { STRUCTURAL_INTENT_IDS } from '../../analysis/structural-signals';
import { trackCall } from '../call-trackers';
import { trackersUnderstand } from '../tracker-language';
import { BUILT_IN_TRACKER_IDS } from '../train-tracker-set';
import { analysisTrackers, teamTrackers } from './team-tracker-store';

interface StoredRow {
  features: string | null;
  language: string | null;
}

/**
 * A call queued after a tracker save, whose transcript has not changed since it was analysed:
 * only the team trackers are run again, on the turns its features keep; everything else in the
 * features (talk ratios, sentiment, keywords, built-in intents) is a function of that same
 * transcript and stays. False when the call needs a whole analysis instead.
 */
function retrackStoredCall(db: Db, callId: string): boolean {
  const marked = stmt(db, 'SELECT 1 FROM tracker_reanalysis WHERE call_id = ?').get(callId);
  if (!marked) return false;
  const row = stmt(
    db,
    `SELECT features, json_extract(transcript, '$.language') AS language FROM calls WHERE call_id = ?`,
  ).get(callId) as StoredRow | undefined;
  if (!row?.features) return false;
  const parsed = callFeaturesSchema.safeParse(JSON.parse(row.features));
  // Features of an older format: analysed whole, as the job would have done anyway.
  if (!parsed.success) return false;
  const features = parsed.data;
  const english = row.language === null || trackersUnderstand(row.language);
  const team = trackCall(english ? features.turns : [], teamTrackers(db), features.caller.campaign);
  // Built-in and structural intents stay as analysis found them; only the team's are re-run.
  const intents = [...features.intents.filter((i) => BUILT_IN_TRACKER_IDS.has(i.id) || STRUCTURAL_INTENT_IDS.has(i.id)), ...team.intents];
  stmt(db, 'UPDATE calls SET features = ?, updated_at = ? WHERE call_id = ?').run(
    JSON.stringify({ ...features, intents }),
    new Date().toISOString(),
    callId,
  );
  return true;
}

/** The pipeline's analyse stage: the team trackers alone after a tracker save, else the whole analysis. */
export function analyseForPipeline(db: Db, callId: string): void {
  if (!retrackStoredCall(db, callId)) analyseAndStoreCall(db, callId, analysisTrackers(db));
  stmt(db, 'DELETE FROM tracker_reanalysis WHERE call_id = ?').run(callId);
}
