import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueQuery, QueueRow } from '../../../../shared/api/queue-view';
import { api, onApiEvent } from '../../api/client';
import { errorText } from '../../lib/format';
import { dropEarlyPages, takeAnsweredPages, takeEarlyPage, type LoadedPage } from './opening-pages';

/** Rows per request. */
export const QUEUE_PAGE = 100;
const PAGE = QUEUE_PAGE;
/** Pages kept around the visible ones; farther pages are dropped so a long scroll stays small. */
const KEEP_PAGES = 20;

export interface QueueWindow {
  total: number | null;
  error: string | null;
  rowAt(index: number): QueueRow | undefined;
  /** The loaded page holding row `index` (the same array until that page is replaced), for memo checks. */
  pageAt(index: number): QueueRow[] | undefined;
  /** Tell the loader which rows are on screen; missing pages (and one page either side) are fetched. */
  show(start: number, end: number): void;
  /** Bumps whenever rows on screen change, so they re-render. */
  version: number;
  /** The query the rows on screen answer (the previous one until the new rows are all in). */
  shownQuery: QueueQuery | null;
}

interface Pages {
  epoch: string;
  query: QueueQuery | null;
  map: Map<number, QueueRow[]>;
  total: number;
}

const pagesOf = (start: number, end: number, spare: number): number[] => {
  const out: number[] = [];
  for (
    let p = Math.max(0, Math.floor(start / PAGE) - spare);
    p <= Math.floor(Math.max(start, end) / PAGE) + spare;
    p++
  )
    out.push(p);
  return out;
};

/**
 * The queue lives on the server; the page holds only the pages around what is on screen, and
 * the page ahead in either direction is fetched before it scrolls into view. Every query (sort,
 * filters) and every data change starts an epoch: its pages load into a staging set and replace
 * the shown rows at once when the visible ones are all there (no flash of blanks, no mixed orders).
 */
export function useQueueWindow(query: QueueQuery): QueueWindow {
  const key = JSON.stringify(query);
  const counter = useRef(0);
  const epoch = useRef({ id: '', query });
  // Set during render so the body's first show() (a child effect, run before ours) uses this query.
  if (!epoch.current.id.startsWith(`${key}#`)) epoch.current = { id: `${key}#${++counter.current}`, query };
  // Pages asked before React started (opening-pages.ts) and already in: the first render shows them.
  const [opening] = useState((): Pages | null => {
    const pages = takeAnsweredPages(query);
    const first = pages.get(0);
    if (!first) return null;
    const map = new Map([...pages].map(([page, loaded]) => [page, loaded.rows]));
    return { epoch: epoch.current.id, query, map, total: first.total };
  });
  const [total, setTotal] = useState<number | null>(opening?.total ?? null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const shown = useRef<Pages>(opening ?? { epoch: '', query: null, map: new Map(), total: 0 });
  const staging = useRef<Pages>({ epoch: '', query: null, map: new Map(), total: 0 });
  const pending = useRef(new Set<string>());
  const visible = useRef<[number, number]>([0, 0]);

  const accept = useCallback(
    (id: string, query: QueueQuery, page: number, rows: QueueRow[], count: number) => {
      if (id !== epoch.current.id) return;
      const [s, e] = visible.current;
      const onScreen = pagesOf(s, e, 0);
      if (shown.current.epoch === id) {
        shown.current.map.set(page, rows);
        shown.current.total = count;
        setTotal(count);
        if (onScreen.includes(page)) setVersion((v) => v + 1);
        return;
      }
      if (staging.current.epoch !== id) staging.current = { epoch: id, query, map: new Map(), total: count };
      staging.current.map.set(page, rows);
      staging.current.total = count;
      if (onScreen.every((p) => staging.current.map.has(p))) {
        shown.current = staging.current;
        staging.current = { epoch: '', query: null, map: new Map(), total: 0 };
        setTotal(count);
        setError(null);
        setVersion((v) => v + 1);
      }
    },
    [],
  );

  const ensure = useCallback(() => {
    const { id, query: q } = epoch.current;
    const [s, e] = visible.current;
    for (const page of pagesOf(s, e, 1)) {
      const have =
        (shown.current.epoch === id && shown.current.map.has(page)) ||
        (staging.current.epoch === id && staging.current.map.has(page));
      const tag = `${id}|${page}`;
      if (have || pending.current.has(tag)) continue;
      pending.current.add(tag);
      const answer: Promise<LoadedPage> =
        takeEarlyPage(q, page) ?? api.queueWindow({ ...q, offset: page * PAGE, limit: PAGE });
      answer
        .then((w) => accept(id, q, page, w.rows, w.total))
        .catch((err: unknown) => setError(errorText(err)))
        .finally(() => pending.current.delete(tag));
    }
  }, [accept]);

  useEffect(ensure, [key, ensure]);
  useEffect(
    () =>
      onApiEvent((e) => {
        if (
          e.type !== 'data-changed' ||
          !e.tables.some((t) => t === 'leads' || t === 'scores' || t === 'calls' || t === 'queue')
        )
          return;
        dropEarlyPages();
        epoch.current = { id: `${key}#${++counter.current}`, query: epoch.current.query };
        ensure();
      }),
    [key, ensure],
  );

  const show = useCallback(
    (start: number, end: number) => {
      visible.current = [start, end];
      const [first, last] = [Math.floor(start / PAGE), Math.floor(end / PAGE)];
      for (const p of shown.current.map.keys())
        if (p < first - KEEP_PAGES || p > last + KEEP_PAGES) shown.current.map.delete(p);
      ensure();
    },
    [ensure],
  );

  const rowAt = useCallback((i: number) => shown.current.map.get(Math.floor(i / PAGE))?.[i % PAGE], []);
  const pageAt = useCallback((i: number) => shown.current.map.get(Math.floor(i / PAGE)), []);
  return { total, error, rowAt, pageAt, show, version, shownQuery: shown.current.query };
}
