/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import type { Page } from '@playwright/test';

export interface FirstPaint {
  /** ms from navigation start until the first ranked row was on screen: the presentation time of its frame. */
  rows: number;
  /** The start of that frame (what this bench reported before 2026-12-01): it leaves out the frame's style, layout, paint and raster. */
  frame: number;
  /** First contentful paint of the page. */
  fcp: number;
  /**
   * When the app's first render was committed (the page is live: it sorts, scrolls, opens). With a
   * first screen from `serve` that comes after the first paint: React takes the rows over then.
   */
  live: number;
}

/**
 * Installed before any page script. `__presented(id)` adds a small marker with an Element Timing
 * id in the task that just changed the DOM, so it is painted in the same frame as that change; it
 * resolves with that frame's presentation time (the marker's renderTime), which includes the
 * frame's raster and compositing, not only its main-thread work. `__firstRow` resolves once the
 * first ranked row is on screen.
 */
export const PROBE = `
  window.__name = (f) => f;
  const waiting = new Map();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const w = waiting.get(e.identifier);
      if (!w) continue;
      waiting.delete(e.identifier);
      w.marker.remove();
      w.resolve(e.renderTime || e.loadTime);
    }
  }).observe({ type: 'element', buffered: true });
  window.__presented = (id) => new Promise((resolve) => {
    const marker = document.createElement('div');
    marker.setAttribute('elementtiming', id);
    marker.textContent = '.';
    marker.style.cssText = 'position:fixed;left:2px;bottom:2px;font:10px sans-serif;pointer-events:none';
    waiting.set(id, { resolve, marker });
    document.body.appendChild(marker);
  });
  window.__firstRow = new Promise((resolve) => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-testid=queue-row] [data-testid=score]')) return;
      observer.disconnect();
      let frame;
      requestAnimationFrame(() => (frame = performance.now()));
      window.__presented('first-row').then((rows) => resolve({ rows, frame }));
    }).observe(document, { subtree: true, childList: true });
  });
`;

/**
 * Opens the queue and times the first ranked row on screen, in the page (no polling from the
 * driver, which would load the page), and waits until the app is live (the sorts come next) unless
 * `app` is false.
 */
export async function firstPaint(page: Page, url: string, app = true): Promise<FirstPaint> {
  await page.goto(url);
  const painted = await page.evaluate(async () => {
    const w = window as unknown as { __firstRow: Promise<{ rows: number; frame: number }> };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<{ rows: number; frame: number }>((_, fail) => {
      timer = setTimeout(() => fail(new Error('no ranked row on screen within 30 s')), 30_000);
    });
    const { rows, frame } = await Promise.race([w.__firstRow, timeout]).finally(() => clearTimeout(timer));
    return { rows, frame, fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN };
  });
  // A static page (the floor, ui-static-first-screen.ts) has no app to wait for.
  if (!app) return { ...painted, live: NaN };
  await page.waitForSelector('html[data-app=live]', { state: 'attached', timeout: 30_000 });
  const live = await page.evaluate(() => performance.getEntriesByName('callrank-live')[0]?.startTime ?? NaN);
  return { ...painted, live };
}

