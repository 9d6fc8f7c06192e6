import type { ApiOutput } from '../../../../shared/api/contract';
import type { QueueQuery, QueueRow } from '../../../../shared/api/queue-view';
import { api } from '../../api/client';

/** The queue as it opens: QueueView starts from these, so the pages asked early are the ones it shows. */
export const OPENING_SORT = { id: 'rank', desc: false } as const;
export const OPENING_FILTERS = { status: 'open' } as const;

export interface LoadedPage {
  rows: QueueRow[];
  total: number;
}

interface Early {
  promise: Promise<LoadedPage>;
  /** Set once the answer is in, so the first render can show it without waiting a tick. */
  done?: LoadedPage;
}

/** The opening queue's query (OPENING_FILTERS sorted by OPENING_SORT). */
export const OPENING_QUERY: QueueQuery = { ...OPENING_FILTERS, sort: OPENING_SORT.id, desc: OPENING_SORT.desc };

/** Pages asked before React started, by query and page; each is handed out once. */
const early = new Map<string, Early>();

/** Sort, filters and page, in a fixed order: the same request gives the same key however it was built. */
export function pageKey(query: QueueQuery, page: number): string {
  const { sort = 'rank', desc = false, status = 'open', search, band, campaign, agent } = query;
  return JSON.stringify([sort, desc, status, search ?? '', band ?? '', campaign ?? '', agent ?? '', page]);
}

/**
 * Asks for the opening queue's first `pages` pages now, while the app's code is still starting:
 * the answer then travels while React renders instead of after it (the first screen's request
 * used to leave only once the first render had been committed and painted). Resolves when the
 * first page is in, or failed: a failure is left for the queue to ask again and report.
 */
export function askOpeningPages(pageSize: number, pages: number): Promise<void> {
  const query = OPENING_QUERY;
  const asked: Promise<unknown>[] = [];
  for (let page = 0; page < pages; page++) {
    const entry: Early = {
      promise: api
        .queueWindow({ ...query, offset: page * pageSize, limit: pageSize })
        .then((w) => (entry.done = { rows: w.rows, total: w.total })),
    };
    // Whoever takes the page handles its failure; until then it must not surface as unhandled.
    entry.promise.catch(() => early.delete(pageKey(query, page)));
    early.set(pageKey(query, page), entry);
    asked.push(entry.promise);
  }
  return Promise.allSettled(asked.slice(0, 1)).then(() => undefined);
}

/**
 * A page of the opening queue that is already here (the one `serve` rendered the first screen
 * from): the first render shows it, as it does a page asked early and answered.
 */
export function givePage(page: number, loaded: LoadedPage): void {
  early.set(pageKey(OPENING_QUERY, page), { promise: Promise.resolve(loaded), done: loaded });
}

/** The data changed: pages asked before would show the queue as it was. */
export function dropEarlyPages(): void {
  early.clear();
}

/** The request for this page made before React started, if any: handed out once. */
export function takeEarlyPage(query: QueueQuery, page: number): Promise<LoadedPage> | undefined {
  const key = pageKey(query, page);
  const entry = early.get(key);
  early.delete(key);
  return entry?.promise;
}

/**
 * The early pages of `query` already answered, from the first on, handed out now: the first
 * render shows them. A page still on its way is left for takeEarlyPage.
 */
export function takeAnsweredPages(query: QueueQuery): Map<number, LoadedPage> {
  const out = new Map<number, LoadedPage>();
  for (let page = 0; ; page++) {
    const key = pageKey(query, page);
    const done = early.get(key)?.done;
    if (!done) return out;
    out.set(page, done);
    early.delete(key);
  }
}

type Facets = ApiOutput<'queueFacets'>;
let earlyFacets: Promise<Facets> | null = null;

/**
 * Asks for the filter values as the app's code starts, when the first rows came in the page
 * (serve's first screen). Their answer needs the core's full queue index, which a core without a
 * stored one builds then: asked once the page was live instead, that build came after the takeover
 * and a sort clicked at once waited for it (442 vs 235 ms; first paint 568 vs 556 ms and live 693
 * vs 642 ms, within the noise; 20 interleaved pairs, a serve opened as it started, no stored index).
 */
export function askFacetsEarly(): void {
  const asked = api.queueFacets({});
  // Whoever takes the answer handles its failure; until then it must not surface as unhandled.
  asked.catch(() => {
    if (earlyFacets === asked) earlyFacets = null;
  });
  earlyFacets = asked;
}

/** The filter values asked early, once; else asked now. */
export function takeFacets(): Promise<Facets> {
  const asked = earlyFacets;
  earlyFacets = null;
  return asked ?? api.queueFacets({});
}
