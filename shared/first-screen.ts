import type { ApiInput, ApiOutput } from './api/contract';

/**
 * What `serve` puts into the page with the queue's first screen: the first page of the opening
 * queue and the clock its "ago" texts were written with. The page's code starts from exactly this,
 * so its first render is the HTML already on screen and React takes that HTML over (hydration).
 */
export interface FirstScreenData {
  page: ApiOutput<'queueWindow'>;
  now: number;
}

/**
 * The renderer's server-side module (renderer/src/first-screen/render-first-screen.tsx, built to
 * out/main/first-screen.js): the server asks it which page to load and has it render the HTML.
 */
export interface FirstScreenModule {
  /** The opening queue's first page, as the page itself would ask for it. */
  query: ApiInput<'queueWindow'>;
  /** Run in <head> before the first frame: the theme, and hiding the queue when the URL names another view. */
  headScript: string;
  /** The app's HTML for `data`, to go inside #root. */
  render(data: FirstScreenData): string;
}

/** The id of the <script type="application/json"> that carries FirstScreenData. */
export const FIRST_SCREEN_DATA_ID = 'callrank-first-screen';
