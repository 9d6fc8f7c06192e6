import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_STORED_SETTINGS } from '../../../shared/api/settings';
import { createCoreContext } from '../../../electron/core/context';
import { openDatabase } from '../../../electron/db/open';
import { SettingsService } from '../../../electron/settings/settings-service';
import { JsonFileSettingsStore } from '../../../electron/settings/settings-store';
import { EncryptedFileSecretStore } from '../../../electron/secrets/encrypted-file-secret-store';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup(): {
  service: SettingsService;
  store: JsonFileSettingsStore;
  watched: (string | null)[];
  dir: string;
} {
  const tmp = tempDir('cr-settings-');
  const db = openDatabase(join(tmp.path, 'callrank.db'));
  cleanups.push(() => {
    db.close();
    tmp.cleanup();
  });
  const store = new JsonFileSettingsStore(join(tmp.path, 'settings.json'));
  const watched: (string | null)[] = [];
  let current: string | null = null;
  const service = new SettingsService(
    {
      store,
      secrets: new EncryptedFileSecretStore(join(tmp.path, 'secrets.enc'), 'test passphrase'),
      secretStorage: 'encrypted file',
      setWatchFolder: async (f) => {
        watched.push(f);
        current = f;
      },
      watchedFolder: () => current,
      watchStatus: () => null,
    },
    createCoreContext(db),
  );
  return { service, store, watched, dir: tmp.path };
}

describe('settings service', () => {
  it('starts with defaults, saves changes to the JSON file, and reports secrets by name only', async () => {
    const { service, store } = setup();
    expect((await service.view()).settings).toEqual({
      ...DEFAULT_STORED_SETTINGS,
      bandThresholds: { hot: 70, warm: 40 },
    });
    await service.update({ engine: 'local-neural', defaultPhoneRegion: 'GB' });
    expect(store.read()).toEqual({
      ...DEFAULT_STORED_SETTINGS,
      engine: 'local-neural',
      defaultPhoneRegion: 'GB',
    });
    const view = await service.view();
    expect(view.secrets.every((s) => s.set === false)).toBe(true);
    expect(JSON.stringify(view)).not.toMatch(/sk-/);
  });

  it('watches a new recordings folder at once, refuses a missing one, and stops on null', async () => {
    const { service, watched, dir } = setup();
    const folder = join(dir, 'recordings');
    mkdirSync(folder);
    const v = await service.update({ recordingsFolder: folder });
    expect(watched).toEqual([folder]);
    expect(v.watching.folder).toBe(folder);
    await expect(service.update({ recordingsFolder: join(dir, 'missing') })).rejects.toThrow(/not a folder/);
    expect(watched).toEqual([folder]);
    await service.update({ recordingsFolder: null });
    expect(watched).toEqual([folder, null]);
  });

  it('refuses a region libphonenumber has no rules for, saving nothing', async () => {
    const { service, store } = setup();
    await expect(service.update({ defaultPhoneRegion: 'XX', engine: 'openai' })).rejects.toThrow(
      /unknown phone region: XX/,
    );
    expect(store.read()).toEqual(DEFAULT_STORED_SETTINGS);
  });

  it('reads a damaged or partial settings file field by field, keeping what is valid', () => {
    const { dir } = setup();
    const path = join(dir, 'partial.json');
    writeFileSync(
      path,
      JSON.stringify({
        engine: 'openai',
        defaultPhoneRegion: 'nowhere',
        bandThresholds: { hot: 80, warm: 50 },
      }),
    );
    // Bands an older version kept here are dropped: the active lead rubric holds them now.
    expect(new JsonFileSettingsStore(path).read()).toEqual({ ...DEFAULT_STORED_SETTINGS, engine: 'openai' });
    writeFileSync(path, JSON.stringify({ defaultPhoneRegion: 'XX' }));
    expect(new JsonFileSettingsStore(path).read().defaultPhoneRegion).toBe('US');
  });
});
