import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isSecretName, type SecretName, type SecretStore } from './secret-store';

/**
 * Secrets in one file, AES-256-GCM, for the CLI and headless `serve`. Honest limits: there is
 * no OS keychain reachable from plain Node here, so the key is derived (scrypt) from a
 * passphrase the user supplies in CALLRANK_SECRETS_KEY; the file is only as safe as that
 * variable. Without it this store refuses to work rather than fall back to plain text.
 * The desktop app does not use this class: its shell provides a safeStorage-backed store.
 */
interface FileShape {
  v: 1;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

export class EncryptedFileSecretStore implements SecretStore {
  constructor(
    private readonly path: string,
    private readonly passphrase: string | undefined = process.env.CALLRANK_SECRETS_KEY,
  ) {}

  private key(salt: Buffer): Buffer {
    if (!this.passphrase) throw new Error('set CALLRANK_SECRETS_KEY to use the encrypted secrets file (it is never written in plain text)');
    return scryptSync(this.passphrase, salt, 32);
  }

  private async readAll(): Promise<Partial<Record<SecretName, string>>> {
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    const f = JSON.parse(raw) as FileShape;
    const decipher = createDecipheriv('aes-256-gcm', this.key(Buffer.from(f.salt, 'base64')), Buffer.from(f.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(f.tag, 'base64'));
    let text: string;
    try {
      text = Buffer.concat([decipher.update(Buffer.from(f.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`cannot decrypt ${this.path}: wrong CALLRANK_SECRETS_KEY or a damaged file`);
    }
    const parsed = JSON.parse(text) as Record<string, string>;
    const out: Partial<Record<SecretName, string>> = {};
    for (const [k, v] of Object.entries(parsed)) if (isSecretName(k)) out[k] = v;
    return out;
  }

  private async writeAll(values: Partial<Record<SecretName, string>>): Promise<void> {
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(salt), iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
    const shape: FileShape = { v: 1, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(this.path + '.tmp', JSON.stringify(shape), { mode: 0o600 });
    await rename(this.path + '.tmp', this.path);
  }

  async get(name: SecretName): Promise<string | null> {
    return (await this.readAll())[name] ?? null;
  }

  async set(name: SecretName, value: string): Promise<void> {
    const all = await this.readAll();
    all[name] = value;
    await this.writeAll(all);
  }

  async delete(name: SecretName): Promise<void> {
    const all = await this.readAll();
    delete all[name];
    await this.writeAll(all);
  }

  async list(): Promise<SecretName[]> {
    return Object.keys(await this.readAll()).filter(isSecretName);
  }
}
