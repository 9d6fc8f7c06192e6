import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonFileSettingsStore } from '../../../electron/settings/settings-store';
import { startCore } from '../../../electron/core/start-core';
import { EncryptedFileSecretStore } from '../../../electron/secrets/encrypted-file-secret-store';
import type { Transcript } from '../../../shared/transcript';
import { FakeWhisper } from '../../fixtures/servers/whisper-server';
import { tempDir } from '../../fixtures/temp';
import { writeStereoCall } from './stereo-call';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Sets environment variables for one test; the CLI's key must not be what makes it pass. */
function withEnv(vars: Record<string, string | undefined>): void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  cleanups.push(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}

async function until<T>(read: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the OpenAI speech engine in the app takes its key from the secret store', () => {
  it('fails with a reason while no key is stored, then sends the key saved in Settings to the server', async () => {
    const server = new FakeWhisper();
    const baseURL = await server.start();
    cleanups.push(() => server.stop());
    withEnv({ OPENAI_API_KEY: undefined, CALLRANK_ENGINE: undefined, CALLRANK_OPENAI_BASE_URL: baseURL });
    const tmp = tempDir('cr-openai-secret-');
    cleanups.push(tmp.cleanup);
    const folder = join(tmp.path, 'recordings');
    mkdirSync(folder);
    await writeStereoCall(join(folder, 'call.wav'));
    writeFileSync(join(tmp.path, 'settings.json'), JSON.stringify({ engine: 'openai', openaiEnabled: true }));
    const core = startCore({
      dbPath: join(tmp.path, 'callrank.db'),
      runJobs: true,
      settings: {
        store: new JsonFileSettingsStore(join(tmp.path, 'settings.json')),
        secrets: new EncryptedFileSecretStore(join(tmp.path, 'secrets.enc'), 'test passphrase'),
        secretStorage: 'encrypted file',
      },
    });
    cleanups.push(() => core.close());
    const job = () =>
      core.db.prepare('SELECT job_id, state, last_error FROM jobs').get() as
        { job_id: number; state: string; last_error: string | null } | undefined;

    await core.api.updateSettings({ recordingsFolder: folder });
    const failed = await until(() => (job()?.state === 'failed' ? job() : undefined), 'the job to fail');
    expect(failed.last_error).toMatch(/OpenAI transcription is off: .*save an OpenAI API key/);
    expect(server.uploads).toEqual([]);

    // Saved the way the Settings page saves it; no restart, just a retry.
    await core.api.setSecret({ name: 'openai.api_key', value: 'sk-from-the-secret-store' });
    await core.api.retryJob({ jobId: failed.job_id });
    const stored = await until(() => {
      const row = core.db.prepare('SELECT transcript FROM calls').get() as
        { transcript: string | null } | undefined;
      return row?.transcript ?? undefined;
    }, 'the transcript');
    expect(server.uploads.length).toBeGreaterThan(0);
    expect(server.uploads.every((u) => u.auth === 'Bearer sk-from-the-secret-store')).toBe(true);
    const transcript = JSON.parse(stored) as Transcript;
    expect(transcript).toMatchObject({ engine: 'openai', model: 'whisper-1' });
    expect(transcript.segments.map((s) => s.text)).toContain('hello there');
  });
});
