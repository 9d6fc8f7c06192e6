import Database from 'better-sqlite3';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../fixtures/cli';
import { spawnCliProcess } from '../../fixtures/servers/run-cli-async';
import { startServeChild } from '../../fixtures/servers/serve-child';
import { seedUiDatabase } from '../../fixtures/seed-ui';
import { tempDir } from '../../fixtures/temp';
import { writeWav } from '../../fixtures/wav';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** `review-set open FILE` as a child process, up once it prints its address. */
async function openSet(file: string): Promise<{ origin: string; token: string; stop(): Promise<void> }> {
  const child = spawnCliProcess(['review-set', 'open', file, '--port', '0']);
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving at (\S+)/.exec(out);
      if (m) resolve(new URL(m[1] as string));
    });
    child.once('exit', (code) => reject(new Error(`review-set open exited with ${code}: ${out}${err}`)));
  });
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return { origin: url.origin, token: url.searchParams.get('token') ?? '', stop };
}

const audio = (origin: string, token: string, callId: string): Promise<Response> =>
  fetch(`${origin}/api/calls/${encodeURIComponent(callId)}/audio`, { headers: { authorization: `Bearer ${token}` } });

describe('review sets carry no paths and play only their own recordings', () => {
  it('an edited set cannot make the app serve or re-export a file of this machine', async () => {
    const tmp = tempDir('cr-set-paths-');
    cleanups.push(tmp.cleanup);
    const mainPath = join(tmp.path, 'office', 'callrank.db');
    const seed = seedUiDatabase(mainPath);
    const main = new Database(mainPath, { readonly: true });
    const [a, b] = main.prepare('SELECT call_id FROM calls WHERE call_id != ? ORDER BY call_id LIMIT 2').pluck().all(seed.bookingCallId) as [string, string];
    main.close();
    const setPath = join(tmp.path, 'floor', 'review.crset');
    const exported = runCli(['review-set', 'export', '--calls', [seed.bookingCallId, a, b].join(','), '--out', setPath, '--db', mainPath]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);

    // Nothing in the file says where the sender keeps anything.
    const bytes = readFileSync(setPath);
    expect(bytes.includes(Buffer.from(tmp.path))).toBe(false);
    const set = new Database(setPath);
    expect(set.prepare(`SELECT value FROM review_set_info WHERE key = 'source'`).pluck().get()).toBe('callrank.db');
    expect(set.prepare('SELECT count(*) FROM calls WHERE recording_path IS NOT NULL').pluck().get()).toBe(0);

    // Someone edits the set: two calls lose their audio and point at files of the reviewer's machine.
    const secret = join(tmp.path, 'secret.wav');
    writeWav(secret, { seconds: 0.3, frequencies: [123] });
    set.prepare('DELETE FROM review_set_audio WHERE call_id IN (?, ?)').run(a, b);
    set.prepare('UPDATE calls SET recording_path = ? WHERE call_id = ?').run('/etc/passwd', a);
    set.prepare('UPDATE calls SET recording_path = ? WHERE call_id = ?').run(secret, b);
    set.close();

    const served = await openSet(setPath);
    try {
      for (const id of [a, b]) {
        const res = await audio(served.origin, served.token, id);
        expect(res.status).toBe(404);
        const text = await res.text();
        expect(text).not.toContain('root:');
        expect(JSON.parse(text)).toEqual({ error: 'the call has no recording' });
      }
      const real = await audio(served.origin, served.token, seed.bookingCallId);
      expect(real.status).toBe(200);
      expect(Buffer.from(await real.arrayBuffer()).equals(readFileSync(seed.audioPath))).toBe(true);
    } finally {
      await served.stop();
    }

    // Edited again after it was opened: still nothing outside the set's own audio is read.
    const opened = new Database(setPath);
    opened.prepare('UPDATE calls SET recording_path = ? WHERE call_id = ?').run('/etc/passwd', a);
    opened.prepare('UPDATE calls SET recording_path = ? WHERE call_id = ?').run(secret, b);
    opened.close();
    const again = await startServeChild(['--db', setPath], {});
    try {
      const token = again.url.searchParams.get('token') ?? '';
      for (const [id, path] of [[a, '/etc/passwd'], [b, secret]] as const) {
        const res = await audio(again.origin, token, id);
        expect(res.status).toBe(403);
        expect(((await res.json()) as { error: string }).error).toBe(
          path === secret
            ? `the recording ${secret} is outside the recordings folders (watched, ingested, or the app's own): not read`
            : 'not a recording file: /etc/passwd',
        );
      }
    } finally {
      await again.stop();
    }
    const reexport = join(tmp.path, 'again.crset');
    const r = runCli(['review-set', 'export', '--calls', [seed.bookingCallId, a, b].join(','), '--out', reexport, '--db', setPath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote ${reexport}: 3 calls, 1 recordings.`);
    expect(r.stdout).toContain(`  no audio for ${a}: not a recording file: /etc/passwd`);
    expect(r.stdout).toContain(`  no audio for ${b}: the recording ${secret} is outside the recordings folders`);
    const packed = new Database(reexport, { readonly: true });
    expect(packed.prepare('SELECT call_id FROM review_set_audio').pluck().all()).toEqual([seed.bookingCallId]);
    packed.close();
    expect(readFileSync(reexport).includes(readFileSync('/etc/passwd'))).toBe(false);
    expect(readFileSync(reexport).includes(Buffer.from(tmp.path))).toBe(false);
  });

  it('the audio route serves recordings inside the recordings folders only, links resolved', async () => {
    const tmp = tempDir('cr-audio-route-');
    cleanups.push(tmp.cleanup);
    const dbPath = join(tmp.path, 'callrank.db');
    const seed = seedUiDatabase(dbPath);
    const outside = join(tmp.path, 'outside.wav');
    writeWav(outside, { seconds: 0.3, frequencies: [321] });
    // A link inside the store that leads out of it.
    const link = join(tmp.path, 'recordings', 'seed', 'link.wav');
    symlinkSync(outside, link);
    const db = new Database(dbPath);
    const [a, b, c] = db.prepare('SELECT call_id FROM calls WHERE call_id != ? ORDER BY call_id LIMIT 3').pluck().all(seed.bookingCallId) as [string, string, string];
    const point = db.prepare('UPDATE calls SET recording_path = ? WHERE call_id = ?');
    point.run(outside, a);
    point.run(link, b);
    point.run('relative/seed-call.wav', c);
    db.close();
    await startServeChild(['--db', dbPath], {}).then(async (s) => {
      try {
        const token = s.url.searchParams.get('token') ?? '';
        expect((await audio(s.origin, token, seed.bookingCallId)).status).toBe(200);
        for (const [id, why] of [
          [a, `the recording ${outside} is outside the recordings folders`],
          [b, `the recording ${link} is outside the recordings folders`],
          [c, 'not a recording file: relative/seed-call.wav'],
        ] as const) {
          const res = await audio(s.origin, token, id);
          expect(res.status).toBe(403);
          expect(((await res.json()) as { error: string }).error).toContain(why);
        }
        expect((await audio(s.origin, token, 'no-such-call')).status).toBe(404);
      } finally {
        await s.stop();
      }
    });
  });
});
