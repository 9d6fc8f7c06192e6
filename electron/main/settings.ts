import { app, safeStorage } from 'electron';
import Store from 'electron-store';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StoredSettings } from '../../shared/api/settings';
import { DEFAULT_STORED_SETTINGS } from '../../shared/api/settings';
import { normalizeSettings, type SettingsStore } from '../settings/settings-store';
import { isSecretName, type SecretName, type SecretStore } from '../secrets/secret-store';

/** The desktop app's settings in userData/settings.json through electron-store; never secrets, nor the lead bands (the rubric's). */
export class ElectronSettingsStore implements SettingsStore {
  private readonly store = new Store<StoredSettings>({ name: 'settings', defaults: DEFAULT_STORED_SETTINGS });

  read(): StoredSettings {
    return normalizeSettings(this.store.store);
  }

  write(next: StoredSettings): void {
    this.store.store = next;
  }
}

/**
 * Secrets encrypted with Electron safeStorage (the OS keychain: Keychain, DPAPI, libsecret) into
 * userData/secrets.bin: one JSON map of name → base64 ciphertext. Nothing is ever written in plain
 * text: when the OS offers no encryption (safeStorage unavailable, or Linux's "basic_text"
 * fallback) storing is refused with a reason, rather than saved weakly.
 */
export class SafeStorageSecretStore implements SecretStore {
  constructor(private readonly path = join(app.getPath('userData'), 'secrets.bin')) {}

  private readAll(): Partial<Record<SecretName, string>> {
    try {
      const raw = JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, string>;
      const out: Partial<Record<SecretName, string>> = {};
      for (const [k, v] of Object.entries(raw)) if (isSecretName(k)) out[k] = v;
      return out;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  }

  private writeAll(all: Partial<Record<SecretName, string>>): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path + '.tmp', JSON.stringify(all), { mode: 0o600 });
    renameSync(this.path + '.tmp', this.path);
  }

  private assertStrong(): void {
    if (!safeStorage.isEncryptionAvailable())
      throw new Error('this system offers no secure storage: the key was not saved');
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new Error('no keyring (gnome-libsecret or kwallet) is running: the key was not saved');
    }
  }

  async get(name: SecretName): Promise<string | null> {
    const sealed = this.readAll()[name];
    return sealed ? safeStorage.decryptString(Buffer.from(sealed, 'base64')) : null;
  }

  async set(name: SecretName, value: string): Promise<void> {
    this.assertStrong();
    const all = this.readAll();
    all[name] = safeStorage.encryptString(value).toString('base64');
    this.writeAll(all);
  }

  async delete(name: SecretName): Promise<void> {
    const all = this.readAll();
    delete all[name];
    this.writeAll(all);
  }

  async list(): Promise<SecretName[]> {
    return Object.keys(this.readAll()).filter(isSecretName);
  }
}
