import type { Api } from '../../../shared/api/contract';
import type { CoreContext } from '../context';
import { markCalled, recordOutcome } from '../queue-view/lead-actions';
import { inProcessQueueIndex, type QueueIndex } from '../queue-view/queue-index-client';

type QueueViewApi = Pick<Api, 'queueWindow' | 'queueFacets' | 'markCalled' | 'recordOutcome'>;

/**
 * The queue index per core, registered by whoever starts a long-running core (startCore gives
 * `serve` and the desktop app one in a worker thread); anything else answers in-process.
 */
const registry = new WeakMap<CoreContext, QueueIndex>();

export function provideQueueIndex(ctx: CoreContext, index: QueueIndex): void {
  registry.set(ctx, index);
}

export function queueViewHandlers(ctx: CoreContext): QueueViewApi {
  const index = registry.get(ctx) ?? inProcessQueueIndex(ctx.db);
  ctx.events.on('event', (e) => {
    if (e.type === 'data-changed' && e.tables.some((t) => t === 'leads' || t === 'scores' || t === 'calls'))
      index.changed();
  });
  const changed = (ok: boolean): { ok: boolean } => {
    if (ok) ctx.events.emit('event', { type: 'data-changed', tables: ['leads'] });
    return { ok };
  };
  return {
    async queueWindow(input) {
      return index.windowAsync({
        ...input,
        sort: input.sort ?? 'rank',
        desc: input.desc ?? false,
        status: input.status ?? 'open',
      });
    },
    async queueFacets() {
      return index.facets();
    },
    async markCalled({ leadId }) {
      return changed(markCalled(ctx.db, leadId));
    },
    async recordOutcome({ leadId, outcome, reason, by }) {
      return changed(recordOutcome(ctx.db, leadId, outcome, by ?? 'supervisor', reason));
    },
  };
}
