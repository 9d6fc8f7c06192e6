import { SECRET_NAMES, type SecretName } from '../../shared/api/secret-names';

export { SECRET_NAMES, type SecretName };

/**
 * Where connector credentials live. The core is plain Node and never holds a key in plain
 * text on disk: the Electron shell implements this with safeStorage (OS keychain), the CLI
 * and tests with environment variables or an AES-GCM file whose key comes from the environment.
 */
export interface SecretStore {
  get(name: SecretName): Promise<string | null>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
  /** Names only, never values: for a settings page that shows which connectors are set up. */
  list(): Promise<SecretName[]>;
}

/** The environment variable each secret may also come from (the CLI's and CI's way). */
export const SECRET_ENV: Record<SecretName, string> = {
  'twilio.account_sid': 'TWILIO_ACCOUNT_SID',
  'twilio.auth_token': 'TWILIO_AUTH_TOKEN',
  'openai.api_key': 'OPENAI_API_KEY',
  'hubspot.token': 'HUBSPOT_TOKEN',
  'salesforce.token': 'SALESFORCE_TOKEN',
  'salesforce.instance_url': 'SALESFORCE_INSTANCE_URL',
  'pipedrive.token': 'PIPEDRIVE_TOKEN',
};

export function isSecretName(s: string): s is SecretName {
  return (SECRET_NAMES as readonly string[]).includes(s);
}
