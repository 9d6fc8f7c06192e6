import type { RescoreListener } from '../scoring/background-rescore';
import { saveRubricVersion, type StoredRubric } from '../scoring/rubric-store';
import type { ApiEvent } from '../../shared/api/contract';
import type { Rubric } from '../../shared/scoring/rubric';
import type { CoreContext, CoreEvents } from '../core/context';

/** A re-score's progress and end, as events to open views. */
export function rescoreEvents(events: CoreEvents): RescoreListener {
  const emit = (e: ApiEvent): void => {
    events.emit('event', e);
  };
  return {
    progress: ({ kinds, done, total }) => emit({ type: 'rescore', kinds, state: 'running', done, total }),
    done: ({ kinds, report }) => {
      emit({ type: 'rescore', kinds, state: 'done', done: report.calls, total: report.calls });
      emit({ type: 'data-changed', tables: ['scores', 'leads'] });
    },
    failed: ({ kinds, message }) => emit({ type: 'rescore', kinds, state: 'failed', done: 0, total: 0, message }),
  };
}

/**
 * Saves a rubric as its kind's next active version and re-scores every call of that kind with it,
 * in the background where the core runs one (a 100k-call re-score takes tens of seconds), and
 * tells open views. The rubric editor and the Settings band thresholds both save through here, so
 * a change from either shows in the version history and reaches scores, queue and reports.
 */
export function saveRubricAndRescore(
  ctx: CoreContext,
  definition: Rubric,
  by: string,
): { stored: StoredRubric; calls: number | null; background: boolean } {
  const stored = saveRubricVersion(ctx.db, definition, by);
  ctx.events.emit('event', { type: 'data-changed', tables: ['rubrics'] });
  const rescorer = ctx.rescorer;
  rescorer.request([stored.rubric.kind]);
  if (rescorer.background) return { stored, calls: null, background: true };
  // Re-scored already: how many. (In the background, the progress events say; counting here would
  // read the whole calls table, 0.16 s at 100k calls, in the thread that answers the app.)
  const calls = ctx.db.prepare('SELECT count(*) FROM calls WHERE features IS NOT NULL').pluck().get() as number;
  return { stored, calls, background: false };
}
