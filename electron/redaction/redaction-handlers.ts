import type { Api } from '../../shared/api/contract';
import type { CoreContext } from '../core/context';
import { lastRun, queueBackfill, runBackfill } from './backfill';
import { readRedactionSettings, writeRedactionSettings } from './redaction-settings';

type RedactionApi = Pick<Api, 'getRedaction' | 'updateRedaction'>;

const running = new WeakMap<CoreContext, { abort: AbortController; done: Promise<void> }>();

/** Starts the back-fill in the background (once at a time); the run's row says how far it got (getRedaction). */
export function startBackfill(ctx: CoreContext): void {
  const current = running.get(ctx);
  // One switch for every back-fill of this core: stopping ends the one running and those chained after it.
  const abort = current?.abort ?? new AbortController();
  const done = (current?.done ?? Promise.resolve())
    .then(() => runBackfill(ctx.db, abort.signal))
    .then(() => {
      if (!abort.signal.aborted) ctx.events.emit('event', { type: 'data-changed', tables: ['calls', 'redaction'] });
    })
    .catch(() => {
      // A failure is on the run's row (runBackfill); only a closed database lands here, at shutdown.
    });
  running.set(ctx, { abort, done });
}

/** Stops a back-fill at its next call (it resumes from its row at the next start), before the database closes. */
export async function stopBackfill(ctx: CoreContext): Promise<void> {
  const current = running.get(ctx);
  current?.abort.abort();
  await current?.done;
}

export function redactionHandlers(ctx: CoreContext): RedactionApi {
  return {
    async getRedaction() {
      return { settings: readRedactionSettings(ctx.db), lastRun: lastRun(ctx.db) };
    },
    async updateRedaction(patch) {
      const { settings, widened } = writeRedactionSettings(ctx.db, patch);
      if (widened) {
        queueBackfill(ctx.db);
        startBackfill(ctx);
      }
      return { settings, lastRun: lastRun(ctx.db) };
    },
  };
}
