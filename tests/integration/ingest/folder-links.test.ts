import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import type { SkippedEntry } from '../../../electron/ingest/folder-entries';
import type { IngestOutcome } from '../../../electron/ingest/ingest-file';
import { watchRecordings } from '../../../electron/ingest/watcher';
import { runCli } from '../../fixtures/cli';
import { startServeChild } from '../../fixtures/servers/serve-child';
import { tempDir } from '../../fixtures/temp';
import { writeWav } from '../../fixtures/wav';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

/**
 * A recordings folder as a user may leave it: one real recording, a link back up (a loop), a
 * link to a folder of recordings elsewhere, and a recording-named link to a file elsewhere.
 */
function linkedFolder(): { root: string; rec: string; outside: string } {
  const t = tempDir('cr-links-');
  temps.push(t);
  const rec = join(t.path, 'r');
  const outside = join(t.path, 'elsewhere');
  mkdirSync(join(rec, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeWav(join(rec, 'sub', 'real.wav'), { seconds: 0.4, frequencies: [500] });
  writeWav(join(outside, 'private.wav'), { seconds: 0.4, frequencies: [700] });
  symlinkSync('..', join(rec, 'sub', 'loop'));
  symlinkSync(outside, join(rec, 'out'));
  symlinkSync(join(outside, 'private.wav'), join(rec, 'copy.wav'));
  return { root: t.path, rec, outside };
}

const LOOP = /^a symbolic link loop \(to .*\/r, a folder it is in\): not followed$/;
const OUT = /^a symbolic link to .*\/elsewhere(\/private\.wav)?, outside the recordings folder: not followed$/;

describe('links in a recordings folder', () => {
  it('the watcher follows none: the loop and the links out are listed with why, the real recording is taken', async () => {
    const { root, rec } = linkedFolder();
    const db = openDatabase(join(root, 'x.db'));
    const skipped: SkippedEntry[] = [];
    const errors: string[] = [];
    let onAdded: (o: IngestOutcome) => void = () => {};
    const added = new Promise<IngestOutcome>((resolve) => (onAdded = resolve));
    const watcher = watchRecordings(db, rec, {
      stabilityMs: 100,
      onSkipped: (s) => skipped.push(s),
      onError: (e) => errors.push(e),
      onOutcome: (o) => o.kind === 'added' && onAdded(o),
    });
    await watcher.ready;
    const outcome = await added;
    expect(watcher.status().skipped).toEqual([...skipped].sort((a, b) => a.path.localeCompare(b.path)));
    await watcher.close();
    expect(outcome.path).toBe(join(rec, 'sub', 'real.wav'));
    expect(skipped.map((s) => s.path).sort()).toEqual([join(rec, 'copy.wav'), join(rec, 'out'), join(rec, 'sub', 'loop')]);
    expect(skipped.find((s) => s.path.endsWith('loop'))?.reason).toMatch(LOOP);
    expect(skipped.find((s) => s.path.endsWith('out'))?.reason).toMatch(OUT);
    expect(skipped.find((s) => s.path.endsWith('copy.wav'))?.reason).toMatch(OUT);
    expect(errors).toEqual([]);
    expect(db.prepare('SELECT recording_path FROM calls').pluck().all()).toEqual([join(rec, 'sub', 'real.wav')]);
    db.close();
  });

  it('ingest follows none either, and prints what it did not read and why', () => {
    const { root, rec } = linkedFolder();
    const r = runCli(['ingest', rec, '--db', join(root, 'x.db')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^found 1 recordings: 1 added, .*; 3 not read \(links not followed, unreadable folders\)$/m);
    expect(r.stdout).toContain(`  not read ${join(rec, 'sub', 'loop')}: a symbolic link loop`);
    expect(r.stdout).toContain(`  not read ${join(rec, 'out')}: a symbolic link to `);
    expect(r.stdout).toContain(`  not read ${join(rec, 'copy.wav')}: a symbolic link to `);
    const db = openDatabase(join(root, 'x.db'));
    expect(db.prepare('SELECT recording_path FROM calls').pluck().all()).toEqual([join(rec, 'sub', 'real.wav')]);
    db.close();
  });

  it('serve stays up watching a folder with a loop, also when the folder was saved in Settings and serve starts again', async () => {
    const { root, rec } = linkedFolder();
    const db = join(root, 'x.db');
    const loopLine = new RegExp(`watcher: not reading ${join(rec, 'sub', 'loop')}: a symbolic link loop`);
    const rpc = async (origin: string, token: string, name: string, body: unknown): Promise<Response> =>
      fetch(`${origin}/api/rpc/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const first = await startServeChild(['--db', db], {});
    try {
      const token = first.url.searchParams.get('token') ?? '';
      const saved = await rpc(first.origin, token, 'updateSettings', { recordingsFolder: rec });
      expect(saved.status).toBe(200);
      const view = (await saved.json()) as { watching: { folder: string; error: string | null; skipped: SkippedEntry[] } };
      expect(view.watching.folder).toBe(rec);
      expect(view.watching.error).toBeNull();
      expect(view.watching.skipped.find((s) => s.path === join(rec, 'sub', 'loop'))?.reason).toMatch(LOOP);
      await first.waitFor(loopLine);
    } finally {
      await first.stop();
    }

    // Started again: the saved folder is watched at once, and the server keeps serving.
    const again = await startServeChild(['--db', db], {});
    try {
      await again.waitFor(loopLine);
      const token = again.url.searchParams.get('token') ?? '';
      const view = (await (await rpc(again.origin, token, 'getSettings', {})).json()) as {
        watching: { skipped: SkippedEntry[] };
      };
      expect(view.watching.skipped.map((s) => s.path)).toContain(join(rec, 'sub', 'loop'));
      const status = await fetch(`${again.origin}/api/status`, { headers: { authorization: `Bearer ${token}` } });
      expect(status.status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});
