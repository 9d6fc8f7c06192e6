import type { Api } from '../../shared/api/contract';
import type { CoreContext } from '../core/context';
import { rankOpenLeads } from '../ranking/rank-leads';
import { markCalled, recordOutcome } from './lead-actions';

type QueueApi = Pick<Api, 'listQueue' | 'queueWindow' | 'queueFacets' | 'markCalled' | 'recordOutcome'>;

export function queueHandlers(ctx: CoreContext): QueueApi {
  ctx.events.on('event', (e) => {
    if (e.type === 'data-changed' && e.tables.some((t) => t === 'leads' || t === 'scores' || t === 'calls'))
      ctx.queueIndex.changed();
  });
  const changed = (ok: boolean): { ok: boolean } => {
    if (ok) ctx.events.emit('event', { type: 'data-changed', tables: ['leads'] });
    return { ok };
  };
  return {
    async listQueue({ limit }) {
      return { items: rankOpenLeads(ctx.db, limit === undefined ? {} : { limit }) };
    },
    async queueWindow(input) {
      return ctx.queueIndex.windowAsync({
        ...input,
        sort: input.sort ?? 'rank',
        desc: input.desc ?? false,
        status: input.status ?? 'open',
      });
    },
    async queueFacets() {
      return ctx.queueIndex.facets();
    },
    async markCalled({ leadId }) {
      return changed(markCalled(ctx.db, leadId));
    },
    async recordOutcome({ leadId, outcome, reason, by }) {
      return changed(recordOutcome(ctx.db, leadId, outcome, by ?? 'supervisor', reason));
    },
  };
}
