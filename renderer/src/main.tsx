import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { forgetTokenInUrl } from './api/client';
import { applyTheme, readPref } from './lib/prefs';
import { parseRoute } from './lib/router';
import { askOpeningPages } from './views/queue/opening-pages';
import { QUEUE_PAGE } from './views/queue/use-queue-window';
import './styles.css';

/**
 * How long the first render waits for the queue's first page. It is usually in well within this
 * (the server answers it from a first screen prepared at start): one render with the rows then
 * replaces a render of an empty grid, its layout and paint, and a second render. A slow answer
 * only shows the empty grid first, as before.
 */
const FIRST_PAGE_WAIT_MS = 300;

function start(): void {
  forgetTokenInUrl();
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// Not a top-level await: that would make the bundler split the entry into several files.
const opening =
  parseRoute(window.location.hash).view === 'queue'
    ? Promise.race([
        askOpeningPages(QUEUE_PAGE, 2),
        new Promise((wait) => setTimeout(wait, FIRST_PAGE_WAIT_MS)),
      ])
    : null;
// Before the first render, so its frame is drawn once in the right theme, and while the queue's
// pages are on their way: the page's first read of localStorage waited about 20 ms here (CPU profile).
applyTheme(readPref('theme', 'system'));
if (opening) void opening.then(start);
else start();
