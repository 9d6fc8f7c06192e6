/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { REPO, TSX } from './support/serve-process';
import { screenshot } from './support/server-info';

/**
 * The electron npm package downloads its binary on first use, which this closed network cannot do.
 * Find an already-installed binary without triggering that download (never require('electron') here).
 */
function electronBinary(): { path: string | null; why: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const dist = override ?? join(REPO, 'node_modules/electron/dist');
  const pathFile = join(REPO, 'node_modules/electron/path.txt');
  if (!override && !existsSync(pathFile)) {
    return { path: null, why: 'node_modules/electron/path.txt is missing: the Electron binary was never downloaded (no network for it here)' };
  }
  const exe = join(dist, override ? 'electron' : readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? { path: exe, why: '' } : { path: null, why: `no Electron binary at ${exe}` };
}

test('the desktop app opens the queue from its own database over IPC, its first screen already in the page', async () => {
  const bin = electronBinary();
  if (!bin.path) console.log(`electron.spec skipped: ${bin.why}`);
  test.skip(!bin.path, bin.why);
  if (!existsSync(join(REPO, 'out/main/index.js'))) throw new Error('out/main is missing: run `npx electron-vite build` first.');
  // Electron keeps its database in userData; --user-data-dir points that at a seeded one.
  const userData = mkdtempSync(join(tmpdir(), 'callrank-electron-'));
  const seeded = spawnSync(TSX, ['tests/fixtures/seed-ui.ts', join(userData, 'callrank.db')], { cwd: REPO, encoding: 'utf8' });
  expect(seeded.status, seeded.stderr).toBe(0);
  const app = await electron.launch({
    executablePath: bin.path as string,
    args: [join(REPO, 'out/main/index.js'), `--user-data-dir=${userData}`, '--no-sandbox', '--disable-gpu'],
    cwd: REPO,
  });
  try {
    const win = await app.firstWindow();
    await expect(win.getByTestId('queue-row').first()).toBeVisible();
    // The page came from the app's own protocol with the queue rendered in it, and React took that over.
    expect(win.url()).toBe('callrank-app://app/');
    await expect(win.locator('html')).toHaveAttribute('data-app', 'live');
    await expect(win.locator('html')).toHaveAttribute('data-first-screen', 'hydrated');
    // The preload's bridge is there, so the page talks IPC, and audio would use callrank-audio://.
    expect(await win.evaluate(() => typeof (window as { callrank?: { api?: { queueWindow?: unknown } } }).callrank?.api?.queueWindow)).toBe('function');
    await screenshot(win, 'electron-queue');
  } finally {
    await app.close();
  }
});
