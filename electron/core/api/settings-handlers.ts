import type { Api } from '../../../shared/api/contract';
import type { CoreContext } from '../context';
import { SettingsService, settingsDeps } from '../settings/settings-service';
import { ApiError } from './dispatch';

type SettingsApi = Pick<Api, 'getSettings' | 'updateSettings' | 'setSecret' | 'clearSecret'>;

export function settingsHandlers(ctx: CoreContext): SettingsApi {
  // Looked up per call: the process registers its stores after the handlers exist.
  const service = (): SettingsService => {
    const deps = settingsDeps(ctx);
    if (!deps) throw new ApiError(503, 'settings are not available in this process');
    return new SettingsService(deps, ctx);
  };
  const secrets = () => {
    const deps = settingsDeps(ctx);
    if (!deps) throw new ApiError(503, 'settings are not available in this process');
    return deps.secrets;
  };
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
