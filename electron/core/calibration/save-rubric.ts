import { rescoreAll } from '../../scoring/rescore-all';
import { saveRubricVersion, type StoredRubric } from '../../scoring/rubric-store';
import type { Rubric } from '../../../shared/scoring/rubric';
import type { CoreContext } from '../context';

/**
 * Saves a rubric as its kind's next active version and re-scores every call with it, then tells
 * open views. The rubric editor and the Settings band thresholds both save through here, so a
 * change from either shows in the version history and reaches scores, queue and reports at once.
 */
export function saveRubricAndRescore(
  ctx: CoreContext,
  definition: Rubric,
  by: string,
): { stored: StoredRubric; rescored: number } {
  const stored = saveRubricVersion(ctx.db, definition, by);
  const report = rescoreAll(ctx.db);
  ctx.events.emit('event', { type: 'data-changed', tables: ['rubrics', 'scores', 'leads'] });
  return { stored, rescored: report.calls };
}
