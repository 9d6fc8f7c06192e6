import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EncryptedFileSecretStore } from '../../../electron/secrets/encrypted-file-secret-store';
import { EnvSecretStore, LayeredSecretStore } from '../../../electron/secrets/env-secret-store';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('secret stores', () => {
  it('keeps secrets encrypted on disk and refuses a wrong key or no key', async () => {
    const tmp = tempDir('cr-sec-');
    cleanups.push(tmp.cleanup);
    const path = join(tmp.path, 'secrets.enc');
    const store = new EncryptedFileSecretStore(path, 'correct horse');
    await store.set('twilio.auth_token', 'super-secret-token-123');
    await store.set('openai.api_key', 'sk-test-abc');
    expect(readFileSync(path, 'utf8')).not.toMatch(/super-secret|sk-test|twilio/);
    expect(await new EncryptedFileSecretStore(path, 'correct horse').get('twilio.auth_token')).toBe('super-secret-token-123');
    await expect(new EncryptedFileSecretStore(path, 'wrong').get('twilio.auth_token')).rejects.toThrow(/cannot decrypt/);
    await expect(new EncryptedFileSecretStore(path, undefined).get('twilio.auth_token')).rejects.toThrow(/CALLRANK_SECRETS_KEY/);
    await store.delete('openai.api_key');
    expect(await store.list()).toEqual(['twilio.auth_token']);
  });

  it('lets the environment win over the file', async () => {
    const tmp = tempDir('cr-sec-');
    cleanups.push(tmp.cleanup);
    const file = new EncryptedFileSecretStore(join(tmp.path, 's.enc'), 'k');
    await file.set('twilio.account_sid', 'ACfile');
    const layered = new LayeredSecretStore([new EnvSecretStore({ TWILIO_ACCOUNT_SID: 'ACenv' }), file]);
    expect(await layered.get('twilio.account_sid')).toBe('ACenv');
    expect(await new LayeredSecretStore([new EnvSecretStore({}), file]).get('twilio.account_sid')).toBe('ACfile');
  });
});
