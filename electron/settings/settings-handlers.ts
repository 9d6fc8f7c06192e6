import type { Api } from '../../shared/api/contract';
import type { CoreContext } from '../core/context';
import { SettingsService, type SettingsDeps } from './settings-service';
import { ApiError } from '../core/dispatch';

type SettingsApi = Pick<Api, 'getSettings' | 'updateSettings' | 'setSecret' | 'clearSecret'>;

export function settingsHandlers(ctx: CoreContext): SettingsApi {
  const deps = (): SettingsDeps => {
    if (!ctx.settings) throw new ApiError(503, 'settings are not available in this process');
    return ctx.settings;
  };
  const service = (): SettingsService => new SettingsService(deps(), ctx);
  const secrets = () => deps().secrets;
  return {
    async getSettings() {
      return service().view();
    },
    async updateSettings(patch) {
      try {
        return await service().update(patch);
      } catch (err) {
        if (err instanceof ApiError) throw err;
        throw new ApiError(400, (err as Error).message);
      }
    },
    async setSecret({ name, value }) {
      await secrets().set(name, value);
      return { ok: true };
    },
    async clearSecret({ name }) {
      await secrets().delete(name);
      return { ok: true };
    },
  };
}
