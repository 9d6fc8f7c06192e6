import { expect, test, type Page } from '@playwright/test';
import { startServe } from './support/serve-process';
import { openApp, screenshot, serverInfo } from './support/server-info';

const scoreOf = (text: string): number => Number(/^\s*(\d+)/.exec(text)?.[1] ?? NaN);

test('the queue sorts by score, explains a rank on hover, and is driven by the keyboard', async ({ page }) => {
  await openApp(page, '#/queue');
  const rows = page.getByTestId('queue-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('queue-total')).toContainText('leads');
  await screenshot(page, 'queue');

  // Ranked by priority first: not the same order as by score, so the sort has something to do.
  const rankedScores = (await page.getByTestId('score').allTextContents()).map(scoreOf);
  await page.getByTestId('sort-score').click();
  await expect(page.locator('[role=columnheader][aria-sort=descending]')).toContainText('Score');
  // The header turns at the click; the rows are the new order's once the grid says so.
  await expect(page.getByTestId('queue')).toHaveAttribute('data-sorted-by', 'score:descending');
  await expect.poll(async () => scoreOf((await page.getByTestId('score').first().textContent()) ?? '')).toBe(Math.max(...rankedScores.filter(Number.isFinite)));
  const sorted = (await page.getByTestId('score').allTextContents()).map(scoreOf).filter(Number.isFinite);
  expect(sorted.length).toBeGreaterThan(10);
  expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
  expect(sorted).not.toEqual(rankedScores.filter(Number.isFinite));
  await screenshot(page, 'queue-sorted-by-score');

  // Second click flips to ascending.
  await page.getByTestId('sort-score').click();
  await expect(page.locator('[role=columnheader][aria-sort=ascending]')).toContainText('Score');
  await expect(page.getByTestId('queue')).toHaveAttribute('data-sorted-by', 'score:ascending');
  const asc = (await page.getByTestId('score').allTextContents()).map(scoreOf).filter(Number.isFinite);
  expect(asc).toEqual([...asc].sort((a, b) => a - b));

  // Back to rank; hovering a rank says why.
  await page.getByTestId('sort-rank').click();
  await page.getByTestId('rank').first().hover();
  await expect(page.getByTestId('rank-tip')).toContainText('priority');
  await expect(page.getByTestId('rank-tip')).toContainText('score');
  await screenshot(page, 'queue-rank-explained');

  // j moves the selection; c marks the selected lead as called (one more attempt); Enter opens it.
  await page.mouse.move(0, 0);
  await page.locator('body').press('j');
  const second = rows.nth(1);
  await expect(second).toHaveClass(/sel/);
  const lead = await second.getAttribute('data-lead');
  const attemptsBefore = Number(await second.locator('[role=gridcell]').nth(5).textContent());
  await page.locator('body').press('c');
  await expect(page.getByTestId('queue-note')).toContainText('as called');
  await expect(page.locator(`[data-lead="${lead}"] [role=gridcell]`).nth(5)).toHaveText(String(attemptsBefore + 1));
  await page.locator('body').press('k');
  await expect(rows.first()).toHaveClass(/sel/);
  await page.locator('body').press('Enter');
  await expect(page.getByTestId('review-view')).toBeVisible();
});

test('the queue filters by search text and band', async ({ page }) => {
  await openApp(page, '#/queue');
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  const totalOf = async (): Promise<number> => Number(((await page.getByTestId('queue-total').textContent()) ?? '').replace(/\D/g, '') || NaN);
  await expect.poll(totalOf).toBeGreaterThan(0);
  const all = await totalOf();
  // Each filter leaves some rows, fewer than all, and only rows that match it (an empty grid would
  // match any "every row" check).
  const filtered = async (matches: (texts: string[]) => boolean, texts: () => Promise<string[]>): Promise<void> => {
    await expect
      .poll(async () => {
        const t = await texts();
        const total = await totalOf();
        return t.length > 0 && matches(t) && total > 0 && total < all;
      })
      .toBe(true);
  };
  await page.getByLabel('Band').selectOption('hot');
  await filtered((bands) => bands.every((b) => b === 'hot'), () => page.locator('[data-testid=score] .band').allTextContents());
  await page.getByLabel('Band').selectOption('');
  await expect.poll(totalOf).toBe(all);
  await page.getByTestId('queue-search').fill('Okafor');
  await filtered((rows) => rows.every((t) => t.includes('Okafor')), () => page.getByTestId('queue-row').allTextContents());
});

test('drawing the queue itself (no first screen from serve), the page asks for its first pages as it starts, once, and shows them in its first render', async ({ page }) => {
  // A second serve of the same database that leaves the queue to the page.
  const info = serverInfo();
  const own = await startServe(info.seed.dbPath, info.token, { flags: ['--no-first-screen'] });
  try {
    await pageDrawsQueue(page, own.url);
  } finally {
    await own.stop();
  }
});

async function pageDrawsQueue(page: Page, url: string): Promise<void> {
  // Before any page script: note each queue request with whether React had rendered anything yet,
  // when (in order of events) its answer came, and whether the grid was ever on screen without rows.
  await page.addInitScript(() => {
    const w = window as unknown as {
      __asked: { offset: number; rendered: boolean; answeredAt?: number }[];
      __emptyGrid: boolean;
      __firstGridAt?: number;
      __events: number;
    };
    w.__asked = [];
    w.__emptyGrid = false;
    w.__events = 0;
    const original = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.includes('/api/rpc/queueWindow')) return original(input, init);
      const entry = {
        offset: (JSON.parse(String(init?.body ?? '{}')) as { offset: number }).offset,
        rendered: (document.getElementById('root')?.childElementCount ?? 0) > 0,
        answeredAt: undefined as number | undefined,
      };
      w.__asked.push(entry);
      return original(input, init).then((res) => ((entry.answeredAt = ++w.__events), res));
    };
    new MutationObserver(() => {
      const grid = document.querySelector('[data-testid=queue]');
      if (!grid || w.__firstGridAt !== undefined) return;
      w.__firstGridAt = ++w.__events;
      w.__emptyGrid = !grid.querySelector('[data-testid=queue-row] [data-testid=score]');
    }).observe(document, { subtree: true, childList: true });
  });
  // The first render waits up to 300 ms for the first page and draws an empty grid if it is later
  // (renderer/src/main.tsx). With the page's clock paused that wait never runs out, whatever the
  // load on the machine, so the first render is the one with the rows.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 60_000);
  const first = await page.goto(url);
  expect(first?.headers()['x-callrank-first-screen']).toBe('off');
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  await expect(page.getByTestId('queue-total')).toContainText('leads');
  const seen = await page.evaluate(() => {
    const w = window as unknown as {
      __asked: { offset: number; rendered: boolean; answeredAt?: number }[];
      __emptyGrid: boolean;
      __firstGridAt?: number;
    };
    return { asked: w.__asked, emptyGrid: w.__emptyGrid, firstGridAt: w.__firstGridAt ?? NaN };
  });
  // The first two pages, each asked once, both before React rendered: the queue took the early
  // answers instead of asking again.
  expect(seen.asked.map((a) => a.offset)).toEqual([0, 100]);
  expect(seen.asked.every((a) => !a.rendered)).toBe(true);
  // The first page came back before the grid was first drawn, and the grid came with its rows.
  expect(seen.asked[0]?.answeredAt ?? Infinity).toBeLessThan(seen.firstGridAt);
  expect(seen.emptyGrid).toBe(false);
  await page.clock.resume();

  // A queue drawn with its rows at once still scrolls: the last lead comes into view with its data.
  const total = Number(await page.getByTestId('queue').getAttribute('aria-rowcount'));
  expect(total).toBeGreaterThan(30);
  await page.getByTestId('queue-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = page.locator(`[data-testid=queue-row][aria-rowindex="${total}"]`);
  await expect(last).toBeInViewport();
  await expect(last.getByTestId('score')).toBeVisible();

  // Opened on another view, the app asks nothing of the queue.
  const later: string[] = [];
  page.on('request', (r) => r.url().includes('/api/rpc/queueWindow') && later.push(r.url()));
  await page.goto(`${url}#/reports`);
  await expect(page.getByTestId('reports-view')).toBeVisible();
  expect(later).toEqual([]);
}
