import { SECRET_ENV, SECRET_NAMES, type SecretName, type SecretStore } from './secret-store';

/** Read-only store over environment variables: nothing is written anywhere. */
export class EnvSecretStore implements SecretStore {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(name: SecretName): Promise<string | null> {
    const v = this.env[SECRET_ENV[name]];
    return v && v.trim() ? v.trim() : null;
  }

  async set(name: SecretName): Promise<void> {
    throw new Error(`environment secrets are read-only: set ${SECRET_ENV[name]} instead`);
  }

  async delete(name: SecretName): Promise<void> {
    throw new Error(`environment secrets are read-only: unset ${SECRET_ENV[name]} instead`);
  }

  async list(): Promise<SecretName[]> {
    return SECRET_NAMES.filter((n) => !!this.env[SECRET_ENV[n]]);
  }
}

/** Looks in each store in turn: the first that has the secret wins (environment before the file). */
export class LayeredSecretStore implements SecretStore {
  constructor(private readonly layers: readonly SecretStore[]) {}

  async get(name: SecretName): Promise<string | null> {
    for (const l of this.layers) {
      const v = await l.get(name);
      if (v !== null) return v;
    }
    return null;
  }

  async set(name: SecretName, value: string): Promise<void> {
    const writable = this.layers.at(-1);
    if (!writable) throw new Error('no secret store to write to');
    await writable.set(name, value);
  }

  async delete(name: SecretName): Promise<void> {
    const writable = this.layers.at(-1);
    if (writable) await writable.delete(name);
  }

  async list(): Promise<SecretName[]> {
    const all = new Set<SecretName>();
    for (const l of this.layers) for (const n of await l.list()) all.add(n);
    return [...all];
  }
}
