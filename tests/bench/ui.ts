/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { storedIndexPath } from '../../electron/queue/stored-index';
import { seedBulkQueue } from '../fixtures/seed-ui-bulk';
import { REPO, startServe } from '../e2e/support/serve-process';
import { PROBE, firstPaint, type FirstPaint } from './ui-first-paint';
import { staticFirstScreen } from './ui-static-first-screen';

const LEADS = Number(process.env.CALLRANK_UI_BENCH_LEADS ?? 100_000);
/** Pairs of sessions, each on a fresh server: single runs on a small machine vary by hundreds of ms. */
const RUNS = Number(process.env.CALLRANK_UI_BENCH_RUNS ?? 5);

/** Every column the queue sorts by, in the order the benchmark clicks them. */
const SORTABLE = [
  'score',
  'probability',
  'attempts',
  'last_called_at',
  'age',
  'name',
  'campaign',
  'agent',
  'rank',
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN;
}

/** Click to the new rows on screen (presented), and to the start of the frame after the one that drew them (what this bench reported before 2026-12-01). */
interface SortTime {
  presented: number;
  nextFrame: number;
}

/**
 * Clicks a column header and times, inside the page, until the rows on screen are the new
 * order's (the grid's data-sorted-by names the order its rows answer): when the frame that drew
 * them was presented, and when the next frame began.
 */
async function sortTime(page: Page, column: string, n: number): Promise<SortTime> {
  return page.evaluate(
    async ([col, id]) => {
      const w = window as unknown as { __presented(id: string): Promise<number> };
      const header = (): string | null =>
        document
          .querySelector(`[data-testid=sort-${col}]`)
          ?.closest('[role=columnheader]')
          ?.getAttribute('aria-sort') ?? null;
      const shown = (): string | null =>
        document.querySelector('[data-testid=queue]')?.getAttribute('data-sorted-by') ?? null;
      const done = (): boolean => {
        const dir = header();
        return (
          !!dir &&
          dir !== 'none' &&
          shown() === `${col}:${dir}` &&
          !!document.querySelector('[data-testid=queue-row] [data-testid=score]')
        );
      };
      const t0 = performance.now();
      // Checked after each DOM change, in the same task: the marker joins the frame with the rows.
      const drawn = new Promise<{ presented: Promise<number>; nextFrame: Promise<number> }>((resolve, fail) => {
        const timer = setTimeout(() => fail(new Error(`sort by ${col} did not show within 30 s`)), 30_000);
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve({
            presented: w.__presented(id),
            // The frame that draws the rows, then the one after it.
            nextFrame: new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))),
          });
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      });
      (document.querySelector(`[data-testid=sort-${col}]`) as HTMLButtonElement).click();
      const { presented, nextFrame } = await drawn;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<number>((_, fail) => {
        timer = setTimeout(() => fail(new Error(`the rows sorted by ${col} were not presented within 30 s`)), 30_000);
      });
      const at = await Promise.race([presented, late]).finally(() => clearTimeout(timer));
      return { presented: at - t0, nextFrame: (await nextFrame) - t0 };
    },
    [column, `sort-${n}`] as const,
  );
}

/** Scrolls `selector` at a steady speed for ~4 s and records every frame's duration. */
async function scrollFrames(page: Page, selector = '[data-testid=queue-scroll]'): Promise<number[]> {
  return page.evaluate(async (sel) => {
    const el = document.querySelector(sel) as HTMLElement;
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
  }, selector);
}

/**
 * What this machine manages with no app at all, measured in the same browser in the same run, so
 * the app's figures can be read against the load the machine is under: frames of an idle page,
 * and the same scroll over a plain list of static rows (no script per frame).
 */
async function baseline(page: Page): Promise<{ idleP95: number; staticScrollP95: number }> {
  const rows = Array.from(
    { length: 60 },
    (_, i) =>
      `<div class="r" style="top:${i * 36}px">#${i + 1} · Lead ${i} · score ${i % 100} · Campaign · Agent ${i % 40}</div>`,
  ).join('');
  await page.setContent(
    `<style>#s{height:800px;overflow:auto;contain:strict;position:relative}.r{position:absolute;left:0;right:0;height:36px;border-bottom:1px solid #ddd;font:14px system-ui}</style>
     <div id="s"><div style="height:3600000px">${rows}</div></div>`,
  );
  const idle = await page.evaluate(async () => {
    const frames: number[] = [];
    let last = performance.now();
    for (let i = 0; i < 120; i++) {
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    return frames.slice(2);
  });
  return { idleP95: p95(idle), staticScrollP95: p95(await scrollFrames(page, '#s')) };
}

export async function runUiBench(): Promise<void> {
  if (!existsSync(join(REPO, 'out/renderer/index.html')) || !existsSync(join(REPO, 'out/main/cli.js')))
    throw new Error('out/ is missing: run `npx electron-vite build` first (npm run bench:ui does).');
  const dbPath = resolve(REPO, '.cache/bench-ui/queue.db');
  const seeded = seedBulkQueue(dbPath, LEADS);
  console.log(`ui bench: seeded ${seeded.leads.toLocaleString()} leads in ${seeded.ms} ms`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  // The baseline runs first, which also warms the browser: "cold" below means a fresh server.
  const base = await baseline(await browser.newPage({ viewport: { width: 1440, height: 900 } }));
  // The first paint's floor: the app's own first screen as a static page with no script.
  const floorServe = await startServe(dbPath, randomBytes(16).toString('hex'), { built: true });
  let floor: number[];
  try {
    floor = await staticFirstScreen(browser, floorServe.url, join(REPO, 'out/renderer/assets'), RUNS * 2);
  } finally {
    await floorServe.stop();
  }
  // Each round of sessions: the first starts with no stored queue index (as after the data changed
  // while the app was closed) and builds it; the second starts with the index the first stored;
  // the third is the second without the server's first screen (the page draws the queue itself, as
  // the desktop app did from disk until 2026-12-02), the baseline the first screen is compared against.
  const runs: { built: Run; stored: Run; pageDrawn: Run }[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      rmSync(storedIndexPath(dbPath), { force: true });
      const built = await oneRun(browser, dbPath);
      if (!existsSync(storedIndexPath(dbPath))) console.warn('ui bench: the first session of a round stored no index');
      const stored = await oneRun(browser, dbPath);
      runs.push({ built, stored, pageDrawn: await oneRun(browser, dbPath, ['--no-first-screen']) });
    }
  } finally {
    await browser.close();
  }
  const list = (xs: number[], digits = 0): string => xs.map((x) => x.toFixed(digits)).join(', ');
  const all = runs.flatMap((r) => [r.built, r.stored, r.pageDrawn]);
  console.log(
    `ui bench: ${LEADS.toLocaleString()} leads in Chromium via the built serve, ${RUNS} rounds of 3 sessions, each on a fresh serve (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${cpus().length} CPUs)`,
  );
  console.log(
    `  baseline (same run, no app): idle frame p95 ${base.idleP95.toFixed(1)} ms; static-list scroll p95 ${base.staticScrollP95.toFixed(1)} ms; serve start ${list(all.map((r) => r.serveStart))} ms`,
  );
  console.log(
    `  first-paint floor (same run, no script): the queue's first screen as the app drew it, served as a static page with the app's stylesheet, first row presented: median ${median(floor).toFixed(0)} ms (${list(floor)})`,
  );
  const labels = {
    built: 'no stored index (built once the page is live)',
    stored: 'index stored by the previous session',
    pageDrawn: 'baseline: stored index, no first screen from serve (the page draws the queue itself)',
  };
  for (const kind of ['built', 'stored', 'pageDrawn'] as const) {
    const sessions = runs.map((r) => r[kind]);
    const label = labels[kind];
    const paint = sessions.map((r) => r.cold.rows);
    const worst = sessions.map((r) => Math.max(...Object.values(r.sorts).map((t) => t.presented)));
    const worstFrame = sessions.map((r) => Math.max(...Object.values(r.sorts).map((t) => t.nextFrame)));
    console.log(`  ${label}:`);
    console.log(
      `    first paint (first ranked row on screen, presented): median ${median(paint).toFixed(0)} ms (${list(paint)}); reload ${list(sessions.map((r) => r.warm.rows))} ms  [target < 700 ms]`,
    );
    console.log(
      `      start of that frame (the figure before 2026-12-01): median ${median(sessions.map((r) => r.cold.frame)).toFixed(0)} ms (${list(sessions.map((r) => r.cold.frame))}); first contentful paint ${list(sessions.map((r) => r.cold.fcp))} ms`,
    );
    console.log(
      `    first paint in a new browser context on the same serve after the session (no cache; the serve up for some seconds): median ${median(sessions.map((r) => r.running.rows)).toFixed(0)} ms (${list(sessions.map((r) => r.running.rows))})`,
    );
    console.log(
      `    live (the app's first render committed: it sorts and opens from here): median ${median(sessions.map((r) => r.cold.live)).toFixed(0)} ms (${list(sessions.map((r) => r.cold.live))}); reload ${list(sessions.map((r) => r.warm.live))} ms`,
    );
    for (const [i, r] of sessions.entries())
      console.log(
        `    sort, session ${i + 1} (click to new rows on screen, presented): ${Object.entries(r.sorts)
          .map(([k, v]) => `${k} ${v.presented.toFixed(0)}`)
          .join(', ')} ms`,
      );
    console.log(`    sort, worst column per session: median ${median(worst).toFixed(0)} ms (${list(worst)})  [target < 250 ms]`);
    console.log(
      `      to the start of the frame after the rows (the figure before 2026-12-01): median ${median(worstFrame).toFixed(0)} ms (${list(worstFrame)})`,
    );
  }
  const frames = all.flatMap((r) => r.frames);
  console.log(
    `  scroll: ${frames.length} frames, p95 frame ${p95(frames).toFixed(1)} ms (per session ${list(
      all.map((r) => p95(r.frames)),
      1,
    )}), median ${median(frames).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms  [target p95 < 20 ms]`,
  );
}

interface Run {
  serveStart: number;
  cold: FirstPaint;
  warm: FirstPaint;
  /** A new browser context (no cache, no open page) on the same serve once it has run a while: a supervisor opening the app on a serve that is up. */
  running: FirstPaint;
  sorts: Record<string, SortTime>;
  frames: number[];
}

/** One session as a supervisor starts it: a fresh server, the queue opened, reloaded, every column sorted, a flick down. */
async function oneRun(browser: Browser, dbPath: string, flags: string[] = []): Promise<Run> {
  const t0 = performance.now();
  // The server as shipped (bundled), not the sources through a TypeScript loader.
  const serve = await startServe(dbPath, randomBytes(16).toString('hex'), { built: true, flags });
  const serveStart = performance.now() - t0;
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    // tsx keeps function names with an __name helper that the page does not have.
    await page.addInitScript({ content: PROBE });
    const cold = await firstPaint(page, serve.url);
    const warm = await firstPaint(page, serve.url);
    const sorts: Record<string, SortTime> = {};
    for (const [n, col] of SORTABLE.entries()) sorts[col] = await sortTime(page, col, n);
    const frames = await scrollFrames(page);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    let running: FirstPaint;
    try {
      const fresh = await context.newPage();
      await fresh.addInitScript({ content: PROBE });
      running = await firstPaint(fresh, serve.url);
    } finally {
      await context.close();
    }
    return { serveStart, cold, warm, running, sorts, frames };
  } finally {
    await page.close();
    await serve.stop();
  }
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  runUiBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
