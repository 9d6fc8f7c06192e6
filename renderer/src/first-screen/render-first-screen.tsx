import { renderToString } from 'react-dom/server';
import type { FirstScreenData, FirstScreenModule } from '../../../shared/first-screen';
import { AppRoot } from '../AppRoot';
import { holdClock } from '../lib/format';
import { OPENING_QUERY, dropEarlyPages } from '../views/queue/opening-pages';
import { QUEUE_PAGE } from '../views/queue/use-queue-window';
import { HEAD_SCRIPT } from './head-script';
import { firstRenderFrom } from './take-over';

/**
 * The server's side of the first screen (built to out/main/first-screen.js and loaded by `serve`):
 * the page's own components rendered to HTML in Node from the page of the queue the page would
 * have asked for first, so the ranked rows are on screen before the app's code has even loaded.
 */
export const firstScreen: FirstScreenModule = {
  query: { ...OPENING_QUERY, offset: 0, limit: QUEUE_PAGE },
  headScript: HEAD_SCRIPT,
  render(data: FirstScreenData): string {
    firstRenderFrom(data);
    try {
      return renderToString(<AppRoot />);
    } finally {
      holdClock(null);
      dropEarlyPages();
    }
  },
};
