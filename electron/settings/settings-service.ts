import { stat } from 'node:fs/promises';
import type { Settings, SettingsView, StoredSettings } from '../../shared/api/settings';
import type { BandThresholds } from '../../shared/scoring/rubric';
import { phoneRegion } from '../ingest/phone';
import { SECRET_NAMES, type SecretName, type SecretStore } from '../secrets/secret-store';
import { activeRubric } from '../scoring/rubric-store';
import { saveRubricAndRescore } from '../calibration/save-rubric';
import type { CoreContext } from '../core/context';
import type { SettingsStore } from './settings-store';
import type { WatchStatus } from '../ingest/watcher';

/** What the settings API needs from the process that runs the core. */
export interface SettingsDeps {
  store: SettingsStore;
  secrets: SecretStore;
  /** Described to the user, e.g. "operating system keychain (Electron safeStorage)". */
  secretStorage: string;
  /** Starts watching `folder` now (stops the previous watcher); null stops watching. */
  setWatchFolder(folder: string | null): Promise<void>;
  watchedFolder(): string | null;
  /** What the running watcher skipped and its last error; null when not watching. */
  watchStatus(): WatchStatus | null;
}

/** Who the rubric history names for a version saved from the Settings page. */
export const SETTINGS_AUTHOR = 'supervisor (Settings)';

const sameBands = (a: BandThresholds, b: BandThresholds): boolean => a.hot === b.hot && a.warm === b.warm;

export class SettingsService {
  private watchError: string | null = null;

  constructor(
    private readonly deps: SettingsDeps,
    private readonly ctx: CoreContext,
  ) {}

  async view(): Promise<SettingsView> {
    const set = new Set<SecretName>(await this.deps.secrets.list().catch(() => []));
    const lead = activeRubric(this.ctx.db, 'lead');
    return {
      settings: { ...this.deps.store.read(), bandThresholds: lead.rubric.bands },
      leadRubric: { version: lead.version, name: lead.rubric.name },
      secrets: SECRET_NAMES.map((name) => ({ name, set: set.has(name) })),
      watching: this.watching(),
      secretStorage: this.deps.secretStorage,
    };
  }

  /**
   * Saves the change. New band thresholds become a new lead rubric version (everything re-scored);
   * a changed recordings folder is checked, then watched at once. Checks come before any write.
   */
  async update(patch: Partial<Settings>): Promise<SettingsView> {
    const { bandThresholds, ...stored } = patch;
    const before = this.deps.store.read();
    if (stored.defaultPhoneRegion !== undefined && !phoneRegion(stored.defaultPhoneRegion))
      throw new Error(
        `unknown phone region: ${stored.defaultPhoneRegion} (use an ISO 3166 code such as US or GB)`,
      );
    const folderChanged =
      stored.recordingsFolder !== undefined && stored.recordingsFolder !== before.recordingsFolder;
    if (folderChanged && stored.recordingsFolder) {
      const info = await stat(stored.recordingsFolder).catch(() => null);
      if (!info?.isDirectory()) throw new Error(`not a folder: ${stored.recordingsFolder}`);
    }
    if (bandThresholds) this.saveLeadBands(bandThresholds);
    const next: StoredSettings = { ...before, ...stored };
    this.deps.store.write(next);
    if (folderChanged) {
      try {
        await this.deps.setWatchFolder(next.recordingsFolder);
        this.watchError = null;
      } catch (err) {
        this.watchError = (err as Error).message;
      }
    }
    return this.view();
  }

  private watching(): SettingsView['watching'] {
    const status = this.deps.watchStatus();
    return {
      folder: this.deps.watchedFolder(),
      error: this.watchError ?? status?.error ?? null,
      skipped: status?.skipped ?? [],
    };
  }

  /** The same bands again (a field left without a change) must not add a version. */
  private saveLeadBands(bands: BandThresholds): void {
    const lead = activeRubric(this.ctx.db, 'lead');
    if (sameBands(lead.rubric.bands, bands)) return;
    saveRubricAndRescore(this.ctx, { ...lead.rubric, bands }, SETTINGS_AUTHOR);
  }
}
