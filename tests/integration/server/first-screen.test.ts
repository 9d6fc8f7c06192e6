import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FirstScreenModule } from '../../../shared/first-screen';
import { FIRST_SCREEN_DATA_ID } from '../../../shared/first-screen';
import { openDatabase } from '../../../electron/db/open';
import { startCore } from '../../../electron/core/start-core';
import { FirstScreen, firstScreenModulePath, loadFirstScreenModule } from '../../../electron/server/first-screen';
import { startServer, type RunningServer } from '../../../electron/server/http-server';
import { seedBulkQueue } from '../../fixtures/seed-ui-bulk';
import { tempDir } from '../../fixtures/temp';
import { dataOf, firstScreenFromSource, inlineScripts, rowsShown, scriptHashes } from '../../fixtures/first-screen-page';

const REPO = resolve(import.meta.dirname, '../../..');
const firstScreen = await firstScreenFromSource();
// Names that would end the data's <script> or add markup if the page were put together carelessly.
const HOSTILE = '</script><script>alert(1)</script><!--';

describe("serve's first screen: the queue rendered into the page", () => {
  const tmp = tempDir('cr-first-screen-');
  const dbPath = join(tmp.path, 'callrank.db');
  const staticDir = join(tmp.path, 'renderer');
  let core: ReturnType<typeof startCore>;
  const servers: RunningServer[] = [];
  const serve = async (renderer: FirstScreenModule | null): Promise<RunningServer> => {
    const server = await startServer({
      ctx: core.ctx,
      api: core.api,
      staticDir,
      token: 'good-token',
      firstScreen: Promise.resolve(renderer && new FirstScreen(renderer, core.api)),
    });
    servers.push(server);
    return server;
  };
  const origin = (s: RunningServer): string => `http://127.0.0.1:${s.port}`;

  beforeAll(() => {
    seedBulkQueue(dbPath, 400);
    const db = openDatabase(dbPath);
    db.prepare(`UPDATE leads SET first_name = ? WHERE rowid % 2 = 0`).run(HOSTILE);
    db.close();
    // The app's own index.html (the source one: the built one has the same shape, a module script and an empty #root).
    mkdirSync(staticDir);
    copyFileSync(join(REPO, 'renderer/index.html'), join(staticDir, 'index.html'));
    core = startCore({ dbPath, runJobs: false });
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await core.close();
    tmp.cleanup();
  });

  it('puts the ranked first page into #root, with the data it was rendered from, for a page with the token', async () => {
    const server = await serve(firstScreen);
    const res = await fetch(`${origin(server)}/?token=good-token`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-callrank-first-screen')).toBe('rendered');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const data = dataOf(html);
    const expected = await core.api.queueWindow(firstScreen.query);
    expect(data.page.total).toBe(expected.total);
    expect(data.page.rows.map((r) => r.lead_id)).toEqual(expected.rows.map((r) => r.lead_id));
    // The rows on screen are the first of that page, in rank order, as the grid draws them.
    const shown = rowsShown(html);
    expect(shown.length).toBeGreaterThanOrEqual(30);
    expect(shown).toEqual(expected.rows.slice(0, shown.length).map((r) => r.lead_id));
    expect(html).toContain(`${expected.total.toLocaleString('en-US')} leads`);
    // The app's module script became a preload the start script imports after the first frame.
    expect(html).not.toMatch(/<script type="module"/);
    expect(html).toMatch(/<link rel="modulepreload" href="\.\/src\/main\.tsx" data-callrank-app>/);
  });

  it("allows exactly the page's two inline scripts by their hashes, and no other inline script", async () => {
    const server = await serve(firstScreen);
    const res = await fetch(`${origin(server)}/`, { headers: { cookie: `callrank_token_${server.port}=good-token` } });
    const html = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1]?.split(' ') ?? [];
    const scripts = inlineScripts(html);
    expect(scripts).toHaveLength(2);
    expect(scriptSrc.sort()).toEqual(["'self'", ...scriptHashes(scripts)].sort());
    expect(scriptSrc).not.toContain("'unsafe-inline'");
  });

  it('keeps names that look like markup as text: no script, comment or tag from the data', async () => {
    const server = await serve(firstScreen);
    const html = await (await fetch(`${origin(server)}/?token=good-token`)).text();
    const data = dataOf(html);
    const hostileRows = data.page.rows.filter((r) => r.name?.startsWith(HOSTILE));
    expect(hostileRows.length).toBeGreaterThan(0);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--');
    expect(inlineScripts(html)).toHaveLength(2);
  });

  it('serves the plain page, with no data in it, to a request without an accepted token', async () => {
    const server = await serve(firstScreen);
    const plain = readFileSync(join(staticDir, 'index.html'), 'utf8');
    for (const headers of [{}, { cookie: `callrank_token_${server.port}=wrong` }] as Record<string, string>[]) {
      const res = await fetch(`${origin(server)}/`, { headers });
      expect(res.headers.get('x-callrank-first-screen')).toBe('no accepted token');
      expect(await res.text()).toBe(plain);
    }
    const wrong = await fetch(`${origin(server)}/?token=wrong`);
    expect(await wrong.text()).toBe(plain);
  });

  it('falls back to the plain page, saying why, when rendering fails, and the data is untouched', async () => {
    const before = await core.api.queueWindow(firstScreen.query);
    const broken: FirstScreenModule = {
      ...firstScreen,
      render: () => {
        throw new Error('renderer broke');
      },
    };
    const server = await serve(broken);
    const res = await fetch(`${origin(server)}/?token=good-token`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-callrank-first-screen')).toBe('failed: renderer broke');
    expect(await res.text()).toBe(readFileSync(join(staticDir, 'index.html'), 'utf8'));
    expect(await core.api.queueWindow(firstScreen.query)).toEqual(before);
  });

  it('serves the plain page when there is no built module', async () => {
    expect(await loadFirstScreenModule(join(tmp.path, 'main', 'first-screen.js'))).toBeNull();
    expect(firstScreenModulePath(join(tmp.path, 'out', 'renderer'))).toBe(join(tmp.path, 'out', 'main', 'first-screen.js'));
    const server = await serve(null);
    const res = await fetch(`${origin(server)}/?token=good-token`);
    expect(res.headers.get('x-callrank-first-screen')).toBe('not built');
    expect(await res.text()).not.toContain(FIRST_SCREEN_DATA_ID);
  });
});
