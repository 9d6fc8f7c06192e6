/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import type { Browser } from '@playwright/test';
import { PROBE, firstPaint } from './ui-first-paint';

interface Captured {
  markup: string;
  theme: string;
  stylesheets: string[];
}

/**
 * The floor under the queue's first paint on this machine, measured in the same run: the queue's
 * first screen as the app drew it (its markup, with the app's stylesheet) served as a static page
 * with no script, and opened in a fresh page as the app is. However the app's code were built or
 * loaded, its first ranked row could not be on screen sooner than this page's.
 */
export async function staticFirstScreen(
  browser: Browser,
  appUrl: string,
  assetsDir: string,
  runs: number,
): Promise<number[]> {
  const captured = await capture(browser, appUrl);
  const html = `<!doctype html><html lang="en" data-theme="${captured.theme}"><head><meta charset="UTF-8" /><title>CallRank</title>${captured.stylesheets
    .map((href) => `<link rel="stylesheet" href="${href}" />`)
    .join('')}</head><body><div id="root">${captured.markup}</div></body></html>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const file = join(assetsDir, basename(path));
    if (!path.startsWith('/assets/') || !path.endsWith('.css') || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      try {
        await page.addInitScript({ content: PROBE });
        times.push((await firstPaint(page, url, false)).rows);
      } finally {
        await page.close();
      }
    }
  } finally {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  }
  return times;
}

/** The app's first screen once its rows are on screen: what the static page shows. */
async function capture(browser: Browser, appUrl: string): Promise<Captured> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.goto(appUrl);
    await page.waitForSelector('[data-testid=queue-row] [data-testid=score]');
    return await page.evaluate(() => ({
      markup: document.getElementById('root')?.innerHTML ?? '',
      theme: document.documentElement.dataset.theme ?? 'light',
      stylesheets: Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]')).map(
        (link) => new URL(link.href).pathname,
      ),
    }));
  } finally {
    await page.close();
  }
}
