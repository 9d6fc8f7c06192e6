import { createRoot, hydrateRoot } from 'react-dom/client';
import { AppRoot } from './AppRoot';
import { forgetTokenInUrl } from './api/client';
import { readFirstScreen, takingOver, tookOverFailed } from './first-screen/take-over';
import { applyTheme, readPref } from './lib/prefs';
import { parseRoute } from './lib/router';
import { askFacetsEarly, askOpeningPages } from './views/queue/opening-pages';
import { QUEUE_PAGE } from './views/queue/use-queue-window';
import './styles.css';

/**
 * How long the first render waits for the queue's first page. It is usually in well within this
 * (the server answers it from a first screen prepared at start): one render with the rows then
 * replaces a render of an empty grid, its layout and paint, and a second render. A slow answer
 * only shows the empty grid first, as before.
 */
const FIRST_PAGE_WAIT_MS = 300;

const container = document.getElementById('root') as HTMLElement;

function start(): void {
  forgetTokenInUrl();
  // Replaces whatever is in #root: a first screen from `serve` that this URL did not ask for.
  createRoot(container).render(<AppRoot />);
}

const queueFirst = parseRoute(window.location.hash).view === 'queue';
// `serve` rendered the queue into the page (first-screen/): take its HTML over rather than draw it again.
const first = queueFirst ? readFirstScreen() : null;
// Before the first render, so its frame is drawn once in the right theme, and while the queue's
// pages are on their way: the page's first read of localStorage waited about 20 ms here (CPU profile).
applyTheme(readPref('theme', 'system'));
if (first) {
  takingOver(first);
  askFacetsEarly();
  forgetTokenInUrl();
  hydrateRoot(container, <AppRoot />, { onRecoverableError: tookOverFailed });
} else if (queueFirst) {
  // Not a top-level await: that would make the bundler split the entry into several files.
  void Promise.race([
    askOpeningPages(QUEUE_PAGE, 2),
    new Promise((wait) => setTimeout(wait, FIRST_PAGE_WAIT_MS)),
  ]).then(start);
} else start();
