import type { Db } from '../db/open';
import type { QueueRow, QueueSort } from '../../shared/api/queue-view';
import { FirstScreen, isDefaultView } from './first-screen';
import { filterOrder } from './filter-order';
import { loadSearchText, type CodedText, type TextColumn } from './lead-text';
import { orderByKey } from './key-order';
import { queueDataKey } from './snapshot';
import {
  ALL_TEXT,
  attachNames,
  attachValues,
  buildSnapshot,
  drain,
  drainAsync,
  reranked,
  sortKeys,
  type Snapshot,
} from './snapshot-build';
import { yieldToEventLoop } from '../core/event-loop';
import { SnapshotStore } from './snapshot-store';
import { windowRows } from './window-rows';

export interface WindowQuery {
  sort: QueueSort;
  desc: boolean;
  search?: string;
  band?: 'hot' | 'warm' | 'cold';
  campaign?: string;
  agent?: string;
  status: 'open' | 'all' | 'converted' | 'lost';
  offset: number;
  limit: number;
}

export interface QueueWindowResult {
  total: number;
  rows: QueueRow[];
  builtAt: string;
}

/** The values the queue can be filtered by, and how many leads there are. */
export type Facets = { campaigns: string[]; agents: string[]; leads: number };

const isText = (sort: QueueSort): sort is TextColumn =>
  sort === 'name' || sort === 'campaign' || sort === 'agent';
/** The direction a supervisor's first click asks for (renderer's DESC_FIRST); built ahead when idle. */
const FIRST_CLICK: [QueueSort, boolean][] = [
  ['score', true],
  ['probability', true],
  ['attempts', true],
  ['last_called_at', true],
  ['age', false],
  ['name', false],
  ['campaign', false],
  ['agent', false],
];

/** The queue as it opens (the renderer's initial sort and filters). */
const OPENING_VIEW = { sort: 'rank', desc: false, status: 'open' } as const;

/** When a stored index's first-click orders are built if nothing beyond the first screen is asked for. */
const PREPARE_STORED_AFTER_MS = 2_000;

export interface QueueViewOptions {
  /** Priorities age (speed-to-lead decays): re-rank at least this often. */
  maxAgeMs?: number;
  /** Where the index is kept between runs (stored-index.ts); none keeps it in memory only. */
  store?: string | null;
  /**
   * Given, the view answers from its previous snapshot while a data change is rebuilt (the rows'
   * values are read live; only their order can lag), and calls this once the new one is in, so
   * the caller can ask again. Without it, a request after a change waits for the rebuild.
   */
  onRebuilt?: () => void;
}

/**
 * The ranked queue for the API: one snapshot of all leads as columns per database connection,
 * with sort orders built once each and filtered views cached. A fresh process answers the first
 * screen from SQL (firstWindow) while the columns load in steps that yield to other requests;
 * after that every window is a slice of a precomputed order plus one read of the rows on screen.
 */
export class QueueView {
  private snap: Snapshot | null = null;
  private building: Promise<Snapshot> | null = null;

  /** A stored snapshot whose first-click orders wait for the first screen to be answered. */
  private prepareLater: Snapshot | null = null;

  private readonly maxAgeMs: number;
  private readonly store: SnapshotStore | null;
  private readonly onRebuilt: (() => void) | null;
  private readonly first: FirstScreen;

  constructor(
    private readonly db: Db,
    options: QueueViewOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.store = options.store ? new SnapshotStore(db, options.store) : null;
    this.onRebuilt = options.onRebuilt ?? null;
    this.first = new FirstScreen(db, this.maxAgeMs);
  }

  /**
   * Takes the index from disk when it was stored at the database's current data version: about
   * 0.1 s instead of a second's build. False when it is missing or stale; a damaged one is
   * reported, and the index is then built from the database as usual.
   */
  loadStored(): boolean {
    return this.fromStore() !== null;
  }

  private fromStore(): Snapshot | null {
    if (!this.store) return null;
    if (this.isCurrent(this.snap)) return this.snap;
    const s = this.store.load();
    if (!s) return null;
    this.snap = s;
    // The open leads in rank order, filtered now: the page opening next asks for them first.
    this.slice(s, { ...OPENING_VIEW, offset: 0, limit: 0 });
    // The first-click orders (a few tenths of a second in all) wait until the page loading now has
    // drawn its first screen, which it says by asking anything else (its filter values, as its
    // code starts): until then a click builds its own order, in tens of milliseconds.
    this.prepareLater = s;
    setTimeout(() => this.prepareSoon(s), PREPARE_STORED_AFTER_MS).unref?.();
    return s;
  }

  /** Stores a complete, current snapshot (snapshot-store.ts): at most every 10 s, unless `now`. */
  private persist(s: Snapshot, now = false): void {
    this.store?.save(s, () => this.snap, now);
  }

  /**
   * At shutdown: stores the index at the current data version unless it is on disk already, so a
   * quit right after a change (the periodic store waits up to 10 s) does not cost the
   * next start a build. True when the file on disk is current afterwards.
   */
  async flush(): Promise<boolean> {
    // Nothing was ever built here (the queue was not opened): nothing to keep, no build at exit.
    if (!this.store || !this.snap) return false;
    try {
      const s = await this.ready(true);
      await this.withText(s);
      this.persist(s, true);
      return s.stored && this.snap === s && this.isCurrent(s);
    } catch {
      // A closed database (shutdown) or an unwritable folder: the next start builds.
      return false;
    }
  }

  /**
   * Builds the index now, in this thread, and stores it: the CLI after a command that changed the
   * data, so the app's next start loads it rather than building. True when the file is current.
   */
  storeNow(): boolean {
    if (!this.store) return false;
    let s = this.snap;
    if (!this.isCurrent(s)) s = this.snap = drain(buildSnapshot(this.db));
    if (!s.text.name) drain(attachNames(this.db, s));
    if (!s.text.campaign || !s.text.agent) drain(attachValues(this.db, s));
    this.persist(s, true);
    return s.stored;
  }

  /**
   * At start-up: the first screen only (one SQL top-N, ~0.1-0.3 s). The columns wait for the first
   * queue request: loading them in steps while the page's own files stream out would slow those
   * (each 64 kB chunk of the script waits for a step), and the first paint with them.
   */
  prepareFirstScreen(): void {
    setImmediate(() => {
      try {
        if (!this.isCurrent(this.snap)) this.first.rows();
      } catch {
        // A closed database (shutdown, tests) ends this quietly.
      }
    });
  }

  /** Starts loading the columns (in small steps between requests), so the first sort finds them ready. */
  warmUp(): Promise<void> {
    return this.ready().then(
      () => {},
      () => {},
    );
  }

  private isCurrent(s: Snapshot | null): s is Snapshot {
    return s !== null && s.key === queueDataKey(this.db);
  }

  /**
   * Current columns, loaded in yielding steps; data changes during the load restart it. With
   * onRebuilt, the previous snapshot answers while they load, unless `fresh` is asked for.
   */
  private ready(fresh = false): Promise<Snapshot> {
    if (this.isCurrent(this.snap)) {
      // Only the clock moved: the same rows ranked again (a few tens of ms), no SQL.
      if (Date.now() - this.snap.nowMs >= this.maxAgeMs) {
        this.snap = reranked(this.snap);
        this.prepareAhead(this.snap).catch(() => {});
      }
      return Promise.resolve(this.snap);
    }
    const stored = this.snap ? null : this.fromStore();
    if (stored) return Promise.resolve(stored);
    if (!this.building) {
      this.building = (async () => {
        for (let attempt = 0; ; attempt++) {
          const built = await drainAsync(buildSnapshot(this.db));
          if (built.key === queueDataKey(this.db) || attempt >= 2) {
            const replaced = this.snap !== null;
            this.snap = built;
            // A closed database (shutdown) ends the work quietly.
            this.prepareAhead(built).catch(() => {});
            if (replaced) this.onRebuilt?.();
            return built;
          }
        }
      })().finally(() => (this.building = null));
    }
    if (this.snap && this.onRebuilt && !fresh) return Promise.resolve(this.snap);
    return this.building;
  }

  private prepareSoon(s: Snapshot): void {
    if (this.prepareLater !== s) return;
    this.prepareLater = null;
    setImmediate(() => this.prepareAhead(s).catch(() => {})).unref?.();
  }

  /** After a build, when idle: the first-click orders, one step at a time, the text ones once their codes are in. */
  private async prepareAhead(s: Snapshot): Promise<void> {
    // The text (names, then campaign with agent: most of a build's SQL) starts loading now, its
    // steps taking turns with the numeric orders below, rather than after them.
    this.withText(s).catch(() => {});
    for (const [sort, desc] of FIRST_CLICK) {
      if (isText(sort)) await this.withText(s, [sort]);
      if (this.snap !== s) return;
      await yieldToEventLoop();
      this.order(s, sort, desc);
    }
    this.persist(s);
  }

  /**
   * Resolves when `columns` are in. Each load runs once, in steps: names first (the likeliest text
   * sort), then campaign with agent (one scan), rather than side by side, so the first is ready
   * sooner.
   */
  private withText(s: Snapshot, columns: readonly TextColumn[] = ALL_TEXT): Promise<void> {
    // A load nobody waits for yet (the database closed meanwhile, say) must not surface as an
    // unhandled rejection; whoever awaits it still sees the error.
    const started = (load: Promise<void>): Promise<void> => {
      load.catch(() => {});
      return load;
    };
    const names = s.text.name ? Promise.resolve() : (s.nameLoad ??= started(drainAsync(attachNames(this.db, s))));
    const values =
      s.text.campaign && s.text.agent
        ? Promise.resolve()
        : (s.valuesLoad ??= started(names.then(() => drainAsync(attachValues(this.db, s)))));
    const wanted = [columns.includes('name') ? names : null, columns.some((c) => c !== 'name') ? values : null];
    return Promise.all(wanted).then(() => undefined);
  }

  /** Builds the search words (once, on the first search). */
  private async withSearch(s: Snapshot): Promise<void> {
    await this.withText(s);
    s.searchLoad ??= drainAsync(loadSearchText(this.db, s.cols, s.text.agent as CodedText)).then((h) => {
      s.haystack = h ?? new Array<string>(s.cols.n).fill('');
    });
    return s.searchLoad;
  }

  private order(s: Snapshot, sort: QueueSort, desc: boolean): Int32Array {
    if (isText(sort) && !s.text[sort]) throw new Error(`queue: ${sort} order needs the text columns`);
    if (sort === 'rank' && !desc) return s.rankOrder;
    const key = `${sort}:${desc}`;
    let order = s.orders.get(key);
    if (!order) {
      order =
        sort === 'rank'
          ? s.rankOrder.slice().reverse()
          : // Age sorts by when the lead came in: ascending age = newest first.
            orderByKey(sortKeys(s, sort), sort === 'age' ? !desc : desc, s.rankPos, s.rankOrder);
      s.orders.set(key, order);
    }
    return order;
  }

  private slice(s: Snapshot, q: WindowQuery): QueueWindowResult {
    const order = this.order(s, q.sort, q.desc);
    const needle = q.search?.trim().toLowerCase() ?? '';
    let view = order;
    if (needle || q.band || q.campaign || q.agent || q.status !== 'all') {
      const filterKey = JSON.stringify([q.sort, q.desc, needle, q.band, q.campaign, q.agent, q.status]);
      const cached = s.filtered.get(filterKey);
      view = cached ?? filterOrder(s, order, q, needle);
      if (!cached) {
        if (s.filtered.size > 20) s.filtered.clear();
        s.filtered.set(filterKey, view);
      }
    }
    const end = Math.min(view.length, q.offset + q.limit);
    const picked = view.subarray(Math.min(q.offset, end), end);
    const rowids = Array.from(picked, (i) => s.cols.rowid[i] as number);
    const ranks = Array.from(picked, (i) => (s.rankPos[i] as number) + 1);
    return {
      total: view.length,
      rows: windowRows(this.db, rowids, ranks, s.nowMs, s.bands),
      builtAt: new Date(s.nowMs).toISOString(),
    };
  }

  /** The text columns a query needs (its sort, its filters), and whether it searches. */
  private needsText(q: WindowQuery): { columns: TextColumn[]; search: boolean } {
    const columns: TextColumn[] = [];
    if (isText(q.sort)) columns.push(q.sort);
    if (q.campaign !== undefined) columns.push('campaign');
    if (q.agent !== undefined) columns.push('agent');
    return { columns, search: !!q.search?.trim() };
  }

  /**
   * The default queue's first screens from SQL alone, without loading any columns (the first
   * paint after start-up); null for any other query, or when the SQL top-N cannot prove its order.
   */
  firstScreen(q: WindowQuery): QueueWindowResult | null {
    return this.first.answer(q);
  }

  /** One window for the API; never blocks the event loop for a full load. */
  async windowAsync(q: WindowQuery): Promise<QueueWindowResult> {
    if (!this.isCurrent(this.snap) && !(this.snap && this.onRebuilt)) {
      const first = this.firstScreen(q);
      void this.warmUp();
      if (first) return first;
    }
    const needs = this.needsText(q);
    let s = await this.ready();
    // Text or search words loaded now would not line up with an outdated snapshot's rows.
    const outdated = s.key !== queueDataKey(this.db);
    if (outdated && ((needs.search && !s.haystack) || needs.columns.some((c) => !s.text[c])))
      s = await this.ready(true);
    if (needs.search) await this.withSearch(s);
    else if (needs.columns.length) await this.withText(s, needs.columns);
    const answer = this.slice(s, q);
    // Not for the queue's first screen as a page opens with it: started 150 ms after that was
    // sent, the orders' CPU landed in the page's first paint on two cores.
    if (!(isDefaultView(q) && q.offset === 0)) this.prepareSoon(s);
    return answer;
  }

  /** The same, loading synchronously (CSV export of the whole queue). */
  window(q: WindowQuery): QueueWindowResult {
    let s = this.snap;
    if (!this.isCurrent(s)) s = this.snap = drain(buildSnapshot(this.db));
    const needs = this.needsText(q);
    const columns = needs.search ? ALL_TEXT : needs.columns;
    if (columns.some((c) => c !== 'name' && !s.text[c])) drain(attachValues(this.db, s));
    if (columns.includes('name') && !s.text.name) drain(attachNames(this.db, s));
    if (needs.search && !s.haystack)
      s.haystack = drain(loadSearchText(this.db, s.cols, s.text.agent as CodedText)) ?? [];
    return this.slice(s, q);
  }

  /** The sorts the current snapshot answers from an order built already, as `sort:desc` (tests, diagnostics). */
  preparedSorts(): string[] {
    return this.snap ? [...this.snap.orders.keys()] : [];
  }

  /** The campaigns and agents to filter by (agent = latest caller, as the filter matches), from the text columns. */
  async facets(): Promise<Facets> {
    const s = await this.ready();
    await this.withText(s, ['campaign', 'agent']);
    this.prepareSoon(s);
    return { campaigns: s.text.campaign?.values ?? [], agents: s.text.agent?.values ?? [], leads: s.cols.n };
  }
}
