/// <reference lib="dom" />
// Functions passed to page.evaluate and addInitScript run in the browser: they are typed against the DOM.
import { expect, test, type Page } from '@playwright/test';
import { FIRST_SCREEN_DATA_ID } from '../../shared/first-screen';
import { screenshot, serverInfo } from './support/server-info';

/**
 * Before any page script: what was on screen when the first queue row was parsed, every queue
 * request the page made, and when it asked for the filter values.
 */
async function watchFirstRow(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as {
      __atFirstRow?: { theme?: string; firstScreen?: string; at: number };
      __rootAtParsed?: string;
      __asked: number[];
      __facetsAskedAt: number[];
    };
    w.__asked = [];
    w.__facetsAskedAt = [];
    const original = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/api/rpc/queueWindow')) w.__asked.push((JSON.parse(String(init?.body ?? '{}')) as { offset: number }).offset);
      if (url.includes('/api/rpc/queueFacets')) w.__facetsAskedAt.push(performance.now());
      return original(input, init);
    };
    new MutationObserver((_, observer) => {
      const row = document.querySelector('[data-testid=queue-row]');
      const root = document.getElementById('root');
      if (!row || !root) return;
      observer.disconnect();
      w.__atFirstRow = {
        theme: document.documentElement.dataset.theme,
        firstScreen: document.documentElement.dataset.firstScreen,
        at: performance.now(),
      };
    }).observe(document, { subtree: true, childList: true });
    // Parsed, its stylesheet in (the start script waited for it), the app not started yet: what the first frame shows.
    document.addEventListener('DOMContentLoaded', () => {
      const root = document.getElementById('root');
      w.__rootAtParsed = root ? getComputedStyle(root).visibility : 'no root';
    });
  });
}

const live = (page: Page): Promise<unknown> => page.waitForSelector('html[data-app=live]', { state: 'attached' });

test.describe('without the page running any script', () => {
  test.use({ javaScriptEnabled: false });

  test('serve sends the ranked queue already drawn', async ({ page }) => {
    const info = serverInfo();
    await page.goto(info.url);
    const rows = page.getByTestId('queue-row');
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeGreaterThanOrEqual(20);
    await expect(rows.first().getByTestId('rank')).toHaveText('#1');
    await expect(page.getByTestId('queue-total')).toHaveText(/^\d[\d,]* leads$/);
    await screenshot(page, 'queue-first-screen-no-script');
  });
});

test('the app takes the first screen over without drawing it again or asking for its rows again, and then works', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => (m.type() === 'warning' || m.type() === 'error') && warnings.push(m.text()));
  await watchFirstRow(page);
  const info = serverInfo();
  const res = await page.goto(info.url);
  expect(res?.headers()['x-callrank-first-screen']).toBe('rendered');
  await live(page);
  // React reused the server's HTML (hydration): a mismatch would have made it draw the page again.
  await expect(page.locator('html')).toHaveAttribute('data-first-screen', 'hydrated');
  const seen = await page.evaluate((id) => {
    const w = window as unknown as { __atFirstRow: { at: number }; __asked: number[]; __facetsAskedAt: number[] };
    const data = JSON.parse(document.getElementById(id)?.textContent ?? '{}') as { page: { rows: { lead_id: string }[] } };
    return {
      firstRowAt: w.__atFirstRow.at,
      liveAt: performance.getEntriesByName('callrank-live')[0]?.startTime ?? NaN,
      asked: w.__asked,
      facetsAskedAt: w.__facetsAskedAt,
      sent: data.page.rows.map((r) => r.lead_id),
      shown: Array.from(document.querySelectorAll('[data-testid=queue-row]')).map((r) => r.getAttribute('data-lead')),
    };
  }, FIRST_SCREEN_DATA_ID);
  // The rows were in the page before the app's first render.
  expect(seen.firstRowAt).toBeLessThan(seen.liveAt);
  expect(seen.shown.length).toBeGreaterThanOrEqual(20);
  expect(seen.shown).toEqual(seen.sent.slice(0, seen.shown.length));
  // The first page came with the HTML: the page asks only for the next one.
  expect(seen.asked).not.toContain(0);
  // The filter values (whose answer needs the core's whole index) were asked as the app's code
  // started, before React took the page over, and the filters show them.
  expect(seen.facetsAskedAt[0]).toBeLessThan(seen.liveAt);
  await expect(page.getByLabel('Campaign').locator('option', { hasText: 'Referral' })).toBeAttached();
  expect(warnings.filter((w) => /first screen|hydrat|did not match/i.test(w))).toEqual([]);

  // Live: it sorts, and the keyboard moves the selection.
  await page.getByTestId('sort-score').click();
  await expect(page.getByTestId('queue')).toHaveAttribute('data-sorted-by', 'score:descending');
  await page.keyboard.press('j');
  await expect(page.locator('[data-testid=queue-row].sel')).toHaveAttribute('aria-rowindex', '2');
  await screenshot(page, 'queue-after-first-screen');
});

test('the first frame is already in the dark theme a user chose', async ({ page }) => {
  await page.addInitScript(() => window.localStorage.setItem('callrank.theme', 'dark'));
  await watchFirstRow(page);
  await page.goto(serverInfo().url);
  await live(page);
  const at = await page.evaluate(() => (window as unknown as { __atFirstRow: { theme?: string } }).__atFirstRow);
  expect(at.theme).toBe('dark');
  await expect(page.locator('html')).toHaveAttribute('data-first-screen', 'hydrated');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('a link to another view never shows the queue the server drew, and opens that view', async ({ page }) => {
  await watchFirstRow(page);
  await page.goto(`${serverInfo().url}#/reports`);
  await live(page);
  const at = await page.evaluate(() => {
    const w = window as unknown as { __atFirstRow: { firstScreen?: string }; __rootAtParsed: string };
    return { firstScreen: w.__atFirstRow.firstScreen, rootAtParsed: w.__rootAtParsed };
  });
  expect(at).toEqual({ firstScreen: 'hidden', rootAtParsed: 'hidden' });
  await expect(page.getByTestId('reports-view')).toBeVisible();
  await expect(page.getByTestId('queue-view')).toHaveCount(0);
  await expect(page.locator('html')).not.toHaveAttribute('data-first-screen', /.*/);
});
