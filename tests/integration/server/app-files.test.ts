import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FirstScreenModule } from '../../../shared/first-screen';
import { startCore } from '../../../electron/core/start-core';
import { appFiles } from '../../../electron/server/app-files';
import { AppPage, FirstScreen } from '../../../electron/server/first-screen';
import { seedBulkQueue } from '../../fixtures/seed-ui-bulk';
import { tempDir } from '../../fixtures/temp';
import { dataOf, firstScreenFromSource, inlineScripts, rowsShown, scriptHashes } from '../../fixtures/first-screen-page';

const REPO = resolve(import.meta.dirname, '../../..');
const firstScreen = await firstScreenFromSource();
const APP = 'callrank-app://app';

describe("the desktop window's protocol: the app's page and files as the window asks for them", () => {
  const tmp = tempDir('cr-app-files-');
  const dbPath = join(tmp.path, 'callrank.db');
  const staticDir = join(tmp.path, 'renderer');
  const script = 'console.log("the app");\n';
  let core: ReturnType<typeof startCore>;
  const respond = (renderer: FirstScreenModule | null): ((request: Request) => Promise<Response>) =>
    appFiles({
      staticDir,
      page: new AppPage(staticDir, Promise.resolve(renderer && new FirstScreen(renderer, core.api))),
      media: 'callrank-audio:',
    });

  beforeAll(() => {
    seedBulkQueue(dbPath, 300);
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    copyFileSync(join(REPO, 'renderer/index.html'), join(staticDir, 'index.html'));
    writeFileSync(join(staticDir, 'assets', 'index-abc.js'), script);
    writeFileSync(join(tmp.path, 'secret.txt'), 'not for the page');
    core = startCore({ dbPath, runJobs: false });
  });
  afterAll(async () => {
    await core.close();
    tmp.cleanup();
  });

  it('gives the page with the ranked first screen in it, without a token, under a policy that allows its two inline scripts and the recordings protocol', async () => {
    const res = await respond(firstScreen)(new Request(`${APP}/`));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-callrank-first-screen')).toBe('rendered');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    const expected = await core.api.queueWindow(firstScreen.query);
    expect(dataOf(html).page.rows.map((r) => r.lead_id)).toEqual(expected.rows.map((r) => r.lead_id));
    const shown = rowsShown(html);
    expect(shown.length).toBeGreaterThanOrEqual(30);
    expect(shown).toEqual(expected.rows.slice(0, shown.length).map((r) => r.lead_id));
    const csp = res.headers.get('content-security-policy') ?? '';
    const scripts = inlineScripts(html);
    expect(scripts).toHaveLength(2);
    expect(/script-src ([^;]+)/.exec(csp)?.[1]?.split(' ').sort()).toEqual(["'self'", ...scriptHashes(scripts)].sort());
    expect(csp).toContain("media-src 'self' callrank-audio: blob:");
    expect(csp).toContain("default-src 'self'");
    // index.html by name is the same page.
    expect((await respond(firstScreen)(new Request(`${APP}/index.html`))).headers.get('x-callrank-first-screen')).toBe('rendered');
  });

  it("gives the app's files with their types, the page for paths the app routes itself, and nothing outside its folder", async () => {
    const app = respond(firstScreen);
    const js = await app(new Request(`${APP}/assets/index-abc.js`));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe(script);
    const routed = await app(new Request(`${APP}/reports`));
    expect(await routed.text()).toBe(readFileSync(join(staticDir, 'index.html'), 'utf8'));
    // A path that climbs out of the folder stays in it (and, naming no file there, gets the page).
    for (const path of ['/..%2Fsecret.txt', '/assets/..%2F..%2Fsecret.txt', '/%2E%2E/secret.txt', '/assets/..%5C..%5Csecret.txt']) {
      const res = await app(new Request(`${APP}${path}`));
      expect(await res.text(), path).not.toContain('not for the page');
    }
    const malformed = await app(new Request(`${APP}/assets/%E0%A4%A`));
    expect([malformed.status, await malformed.text()]).toEqual([400, 'malformed path']);
    expect((await app(new Request(`${APP}/`, { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('gives the plain page, saying why, when the first screen fails or is not built; the data is untouched', async () => {
    const { total, rows } = await core.api.queueWindow(firstScreen.query);
    const broken: FirstScreenModule = {
      ...firstScreen,
      render: () => {
        throw new Error('renderer broke');
      },
    };
    const plain = readFileSync(join(staticDir, 'index.html'), 'utf8');
    for (const [renderer, why] of [
      [broken, 'failed: renderer broke'],
      [null, 'not built'],
    ] as const) {
      const res = await respond(renderer)(new Request(`${APP}/`));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-callrank-first-screen')).toBe(why);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
      expect(await res.text()).toBe(plain);
    }
    expect(await core.api.queueWindow(firstScreen.query)).toMatchObject({ total, rows });
  });
});
