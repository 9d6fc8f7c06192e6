import type { CoreContext } from '../context';
import type { Api } from '../../../shared/api/contract';
import { rankLeads } from '../../scoring/rank-leads';

export function queueHandlers(ctx: CoreContext): Pick<Api, 'listQueue'> {
  return {
    async listQueue({ limit }) {
      return { items: rankLeads(ctx.db, limit === undefined ? {} : { limit }) };
    },
  };
}
