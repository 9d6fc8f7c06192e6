import type { Api } from '../../shared/api/contract';
import type { CoreContext } from '../core/context';
import { rankOpenLeads } from '../ranking/rank-leads';
import { ApiError } from '../core/dispatch';
import { OutcomeError, recordOutcome } from '../scoring/outcomes';
import { markCalled } from './lead-actions';

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
      // The queue's w and x: the one outcome function, which also queues the debounced retrain.
      let recorded: boolean;
      try {
        recorded = recordOutcome(ctx.db, { leadId, outcome, by: by ?? 'supervisor', reason: reason ?? null, source: 'queue' }).changed;
      } catch (err) {
        if (err instanceof OutcomeError) throw new ApiError(/not found/.test(err.message) ? 404 : 400, err.message);
        throw err;
      }
      if (recorded) ctx.events.emit('event', { type: 'data-changed', tables: ['leads', 'model_jobs'] });
      return { ok: true };
    },
  };
}
