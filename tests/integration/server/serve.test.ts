import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRecordingsFolder } from '../../fixtures/recordings-folder';
import { runCli, spawnCli } from '../../fixtures/cli';
import { SetUp } from '../../fixtures/set-up';
import { tempDir } from '../../fixtures/temp';

describe('serve: the headless server', () => {
  const tmp = tempDir('cr-serve-');
  const db = join(tmp.path, 'callrank.db');
  let stop: () => void = () => {};
  // The set-up commands' exit codes and the URL serve printed, checked by the first test.
  const serving = new SetUp<{ ingest: number; run: number; base: string; token: string }>();

  beforeAll(() => serving.start(async () => {
    makeRecordingsFolder(join(tmp.path, 'rec'), 4);
    const ingest = runCli(['ingest', join(tmp.path, 'rec'), '--db', db]).code;
    const run = runCli(['run', '--db', db]).code;
    const child = spawnCli(['serve', '--port', '0', '--db', db]);
    stop = () => child.kill('SIGTERM');
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /serving at (\S+)/.exec(out);
        if (m) resolve(m[1] as string);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const url = new URL(line);
    return { ingest, run, base: url.origin, token: url.searchParams.get('token') ?? '' };
  }));
  afterAll(() => {
    stop();
    tmp.cleanup();
  });

  it('ingests and runs the recordings, then prints a loopback URL with a token', async () => {
    const { ingest, run, base, token } = await serving.get();
    expect(ingest).toBe(0);
    expect(run).toBe(0);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('refuses API calls without the token, or with a wrong one', async () => {
    const { base } = await serving.get();
    expect((await fetch(`${base}/api/status`)).status).toBe(401);
    const wrong = await fetch(`${base}/api/status`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${base}/api/rpc/listQueue`, { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('answers GET /api/status with what status --json prints', async () => {
    const { base, token } = await serving.get();
    const res = await fetch(`${base}/api/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const cli = JSON.parse(runCli(['status', '--json', '--db', db]).stdout) as unknown;
    expect(await res.json()).toEqual(cli);
  });

  it('validates inputs at the boundary with a specific message', async () => {
    const { base, token } = await serving.get();
    const res = await fetch(`${base}/api/rpc/listQueue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 'ten' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/invalid input for listQueue: .*limit/s);
    const unknown = await fetch(`${base}/api/rpc/dropTables`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(unknown.status).toBe(404);
  });

  it('sets the token as an HttpOnly cookie when the app page is opened, and streams audio with ranges', async () => {
    const { base, token } = await serving.get();
    const page = await fetch(`${base}/?token=${token}`);
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^callrank_token_${new URL(base).port}=[0-9a-f]{48}; HttpOnly; SameSite=Strict`));
    const queue = (await (
      await fetch(`${base}/api/rpc/listQueue`, { method: 'POST', headers: { cookie: cookie.split(';')[0] as string, 'content-type': 'application/json' }, body: '{}' })
    ).json()) as { items: { call_ids: string[] }[] };
    const callId = queue.items[0]?.call_ids[0] as string;
    const audio = await fetch(`${base}/api/calls/${callId}/audio`, { headers: { authorization: `Bearer ${token}`, range: 'bytes=0-11' } });
    expect(audio.status).toBe(206);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await audio.arrayBuffer()).toString('latin1', 0, 4)).toBe('RIFF');
  });
});
