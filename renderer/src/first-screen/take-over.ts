import { FIRST_SCREEN_DATA_ID, type FirstScreenData } from '../../../shared/first-screen';
import { holdClock } from '../lib/format';
import { givePage } from '../views/queue/opening-pages';

const html = (): HTMLElement => document.documentElement;

/** The data the first screen was rendered from (by serve or the desktop window's protocol), if it was: not in a page loaded from disk. */
export function readFirstScreen(): FirstScreenData | null {
  const text = document.getElementById(FIRST_SCREEN_DATA_ID)?.textContent;
  if (!text) return null;
  try {
    return JSON.parse(text) as FirstScreenData;
  } catch {
    return null;
  }
}

/**
 * What the first render starts from, the same in Node (render-first-screen.tsx) and in the page:
 * the page of rows the server rendered, and its clock for the "ago" texts. Hydration needs both
 * renders to write the same HTML.
 */
export function firstRenderFrom(data: FirstScreenData): void {
  givePage(0, { rows: data.page.rows, total: data.page.total });
  holdClock(data.now);
}

/** Before hydrateRoot: the first render must write what the server wrote. */
export function takingOver(data: FirstScreenData): void {
  firstRenderFrom(data);
  html().dataset.firstScreen = 'hydrating';
}

/** React could not reuse the server's HTML (it rendered something else) and drew the page itself. */
export function tookOverFailed(error: unknown): void {
  html().dataset.firstScreen = 'replaced';
  console.warn('CallRank: the first screen from the server was drawn again by the page', error);
}

/**
 * The app's first render is committed: the page is live. Says so on <html> (data-app="live", for
 * tests and the benchmark) and in the performance timeline, lets "ago" texts use the real clock, and
 * shows #root if the head script hid a queue the URL did not ask for.
 */
export function appIsLive(): void {
  holdClock(null);
  const state = html().dataset.firstScreen;
  if (state === 'hydrating') html().dataset.firstScreen = 'hydrated';
  else if (state === 'hidden') delete html().dataset.firstScreen;
  html().dataset.app = 'live';
  performance.mark('callrank-live');
}
