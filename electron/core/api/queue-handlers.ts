import type { CoreContext } from '../context';
import type { Api } from '../../../shared/api/contract';
import { rankedQueue } from '../queue';

export function queueHandlers(ctx: CoreContext): Pick<Api, 'listQueue'> {
  return {
    async listQueue({ limit }) {
      return { items: rankedQueue(ctx.db, limit) };
    },
  };
}
