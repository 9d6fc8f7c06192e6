import { dirname, join } from 'node:path';
import { EncryptedFileSecretStore } from './encrypted-file-secret-store';
import { EnvSecretStore, LayeredSecretStore } from './env-secret-store';
import type { SecretStore } from './secret-store';

/**
 * The CLI's secrets: environment variables first, then `secrets.enc` beside the database
 * when CALLRANK_SECRETS_KEY is set. Without the key the file layer is left out entirely.
 */
export function cliSecretStore(dbPath: string, env: NodeJS.ProcessEnv = process.env): SecretStore {
  const layers: SecretStore[] = [new EnvSecretStore(env)];
  if (env.CALLRANK_SECRETS_KEY) layers.push(new EncryptedFileSecretStore(join(dirname(dbPath), 'secrets.enc'), env.CALLRANK_SECRETS_KEY));
  return new LayeredSecretStore(layers);
}
