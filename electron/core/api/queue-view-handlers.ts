import type { Api } from '../../../shared/api/contract';
import type { CoreContext } from '../context';
import { markCalled, recordOutcome } from '../queue-view/lead-actions';
import { QueueView } from '../queue-view/queue-window';

type QueueViewApi = Pick<Api, 'queueWindow' | 'queueFacets' | 'markCalled' | 'recordOutcome'>;

export function queueViewHandlers(ctx: CoreContext): QueueViewApi {
  const view = new QueueView(ctx.db);
  // The first screen is ready before the page asks; the full columns load from the first request on.
  view.prepareFirstScreen();
  const changed = (ok: boolean): { ok: boolean } => {
    if (ok) ctx.events.emit('event', { type: 'data-changed', tables: ['leads'] });
    return { ok };
  };
  return {
    async queueWindow(input) {
      view.warmUp();
      return view.windowAsync({
        ...input,
        sort: input.sort ?? 'rank',
        desc: input.desc ?? false,
        status: input.status ?? 'open',
      });
    },
    async queueFacets() {
      return view.facets();
    },
    async markCalled({ leadId }) {
      return changed(markCalled(ctx.db, leadId));
    },
    async recordOutcome({ leadId, outcome, reason, by }) {
      return changed(recordOutcome(ctx.db, leadId, outcome, by ?? 'supervisor', reason));
    },
  };
}
