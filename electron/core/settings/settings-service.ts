import { stat } from 'node:fs/promises';
import type { Settings, SettingsView } from '../../../shared/api/settings';
import { SECRET_NAMES, type SecretName, type SecretStore } from '../../secrets/secret-store';
import type { CoreContext } from '../context';
import type { SettingsStore } from './settings-store';

/** What the settings API needs from the process that runs the core. */
export interface SettingsDeps {
  store: SettingsStore;
  secrets: SecretStore;
  /** Described to the user, e.g. "operating system keychain (Electron safeStorage)". */
  secretStorage: string;
  /** Starts watching `folder` now (stops the previous watcher); null stops watching. */
  setWatchFolder(folder: string | null): Promise<void>;
  watchedFolder(): string | null;
}

/**
 * The settings API's dependencies per core, registered by whoever starts the core (startCore for
 * `serve`, the Electron shell with its own stores), so the handlers need nothing in CoreContext.
 */
const registry = new WeakMap<CoreContext, SettingsDeps>();

export function provideSettings(ctx: CoreContext, deps: SettingsDeps): void {
  registry.set(ctx, deps);
}

export function settingsDeps(ctx: CoreContext): SettingsDeps | undefined {
  return registry.get(ctx);
}

export class SettingsService {
  private watchError: string | null = null;

  constructor(private readonly deps: SettingsDeps) {}

  async view(): Promise<SettingsView> {
    const set = new Set<SecretName>(await this.deps.secrets.list().catch(() => []));
    return {
      settings: this.deps.store.read(),
      secrets: SECRET_NAMES.map((name) => ({ name, set: set.has(name) })),
      watching: { folder: this.deps.watchedFolder(), error: this.watchError },
      secretStorage: this.deps.secretStorage,
    };
  }

  /** Saves the change; a changed recordings folder is checked, then watched at once. */
  async update(patch: Partial<Settings>): Promise<SettingsView> {
    const before = this.deps.store.read();
    const next: Settings = { ...before, ...patch };
    if (patch.recordingsFolder !== undefined && patch.recordingsFolder !== before.recordingsFolder) {
      if (patch.recordingsFolder !== null) {
        const info = await stat(patch.recordingsFolder).catch(() => null);
        if (!info?.isDirectory()) throw new Error(`not a folder: ${patch.recordingsFolder}`);
      }
      this.deps.store.write(next);
      try {
        await this.deps.setWatchFolder(next.recordingsFolder);
        this.watchError = null;
      } catch (err) {
        this.watchError = (err as Error).message;
      }
    } else {
      this.deps.store.write(next);
    }
    return this.view();
  }
}
