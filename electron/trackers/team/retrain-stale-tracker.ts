import type { Db } from '../../db/open';
import { teamTrackerInputSchema } from '../../../shared/api/trackers';
import {
  parseTrackerModel,
  serialiseTrackerModel,
  SKIP_GRAM_ALIGNMENT_FORMAT,
  type TrackerModel,
} from '../tracker-model';
import { teamTrackerDefinition, trainTeamTracker } from './train-team-tracker';

export interface StoredTrackerModel {
  tracker_id: string;
  version: number;
  definition: string;
  model: string;
}

/** Where a stored model came from when the store compiled it: as stored, retrained now, or stale but kept. */
export type ModelSource = 'stored' | 'retrained' | 'kept-stale';

/**
 * The model analysis should run for a stored team tracker version. A format-2 model learnt its
 * alignment weights on skip-gram similarities that matching no longer computes, so it is trained
 * again from the row's definition, exactly as a save trains it, and written back to the same row:
 * the definition (what the rubric versions record) did not change, only what is derived from it.
 *
 * Done here, in the store's compile path, rather than as a job row run at start: the row's format
 * is already the durable record that the work is owed, the work is a pure function of the stored
 * definition, and the write touches a derived column only. A crash before the write loses nothing
 * (the next compile finds format 2 again); a job row would record the same fact twice and leave
 * analysis running the stale model until its job ran.
 *
 * Several processes may compile at once: each trains the same model, and the write is guarded on
 * the old model text, so only the first changes the row and the rest change nothing.
 */
export function currentTrackerModel(
  db: Db,
  row: StoredTrackerModel,
): { model: TrackerModel; source: ModelSource } {
  const stored = parseTrackerModel(row.model);
  if (stored.format !== SKIP_GRAM_ALIGNMENT_FORMAT) return { model: stored, source: 'stored' };
  const where = `team tracker "${row.tracker_id}" version ${row.version}`;
  let model: TrackerModel;
  try {
    const tracker = teamTrackerInputSchema.parse(JSON.parse(row.definition));
    model = trainTeamTracker(teamTrackerDefinition({ ...tracker, id: row.tracker_id }));
  } catch (err) {
    console.warn(
      `${where}: its model (format ${SKIP_GRAM_ALIGNMENT_FORMAT}) was trained for the old word alignment and its definition does not train now ` +
        `(${err instanceof Error ? err.message : String(err)}); it keeps matching with the old model, whose probabilities drift, until the team saves it again`,
    );
    return { model: stored, source: 'kept-stale' };
  }
  let written = false;
  try {
    written =
      db
        .prepare('UPDATE team_trackers SET model = ? WHERE tracker_id = ? AND version = ? AND model = ?')
        .run(serialiseTrackerModel(model), row.tracker_id, row.version, row.model).changes === 1;
  } catch (err) {
    // A read-only or busy database: this process still matches with the retrained model, and the
    // next process to compile the tracker trains it again and tries the write.
    console.warn(
      `${where}: retrained for the new word alignment but not stored (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  // Said once per database: another process that got there first wrote the same model.
  if (written)
    console.info(
      `${where}: model retrained from its definition for the new word alignment (format ${model.format})`,
    );
  return { model, source: 'retrained' };
}
