/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { seedBulkQueue } from '../fixtures/seed-ui-bulk';
import { REPO, startServe } from '../e2e/support/serve-process';

const LEADS = Number(process.env.CALLRANK_UI_BENCH_LEADS ?? 100_000);

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN;
}

/** Opens the queue and returns ms from navigation start to the first ranked row on screen. */
async function firstPaint(page: Page, url: string): Promise<{ rows: number; fcp: number }> {
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('[data-testid=queue-row] [data-testid=score]') !== null, undefined, { polling: 'raf' });
  return page.evaluate(() => ({
    rows: performance.now(),
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
  }));
}

/** Clicks a column header and times, inside the page, until the first row shows the new order. */
async function sortTime(page: Page, column: string): Promise<number> {
  return page.evaluate(async (col) => {
    const first = (): string | null => document.querySelector('[data-testid=queue-row]')?.getAttribute('data-lead') ?? null;
    const header = (): string | null => document.querySelector(`[data-testid=sort-${col}]`)?.closest('[role=columnheader]')?.getAttribute('aria-sort') ?? null;
    const before = first();
    const sortBefore = header();
    const t0 = performance.now();
    (document.querySelector(`[data-testid=sort-${col}]`) as HTMLButtonElement).click();
    await new Promise<void>((done) => {
      const check = (): void => {
        if (header() !== sortBefore && first() !== before && first() !== null) done();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    // One more frame: the new rows have been painted.
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    return performance.now() - t0;
  }, column);
}

/** Scrolls the queue at a steady speed for ~4 s and records every frame's duration. */
async function scrollFrames(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const el = document.querySelector('[data-testid=queue-scroll]') as HTMLElement;
    const frames: number[] = [];
    let last = performance.now();
    for (let i = 0; i < 240; i++) {
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const now = performance.now();
      frames.push(now - last);
      last = now;
      el.scrollTop += 180; // five rows a frame: a fast flick, not a jump past unloaded pages
    }
    return frames.slice(2);
  });
}

export async function runUiBench(): Promise<void> {
  if (!existsSync(join(REPO, 'out/renderer/index.html'))) throw new Error('out/renderer is missing: run `npx electron-vite build` first.');
  const dbPath = resolve(REPO, '.cache/bench-ui/queue.db');
  const seeded = seedBulkQueue(dbPath, LEADS);
  console.log(`ui bench: seeded ${seeded.leads.toLocaleString()} leads in ${seeded.ms} ms`);
  const serve = await startServe(dbPath, randomBytes(16).toString('hex'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // tsx keeps function names with an __name helper that the page does not have.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    const cold = await firstPaint(page, serve.url);
    const warm = await firstPaint(page, serve.url);
    const sorts: Record<string, number> = {};
    for (const col of ['score', 'attempts', 'age', 'name', 'rank']) sorts[col] = await sortTime(page, col);
    const frames = await scrollFrames(page);
    const worstSort = Math.max(...Object.values(sorts));
    console.log(`ui bench: ${LEADS.toLocaleString()} leads in Chromium via serve`);
    console.log(`  first paint (first ranked row on screen): cold ${cold.rows.toFixed(0)} ms (server builds its snapshot), warm ${warm.rows.toFixed(0)} ms; FCP ${warm.fcp.toFixed(0)} ms  [target < 700 ms]`);
    console.log(`  sort (click to new first row painted): ${Object.entries(sorts).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}; worst ${worstSort.toFixed(0)} ms  [target < 250 ms]`);
    console.log(`  scroll: ${frames.length} frames, p95 frame ${p95(frames).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms  [target p95 < 20 ms]`);
  } finally {
    await browser.close();
    await serve.stop();
  }
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  runUiBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
