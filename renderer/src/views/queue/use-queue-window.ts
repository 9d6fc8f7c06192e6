import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueQuery, QueueRow } from '../../../../shared/api/queue-view';
import { api, onApiEvent } from '../../api/client';
import { errorText } from '../../lib/format';

const PAGE = 100;

export interface QueueWindow {
  total: number | null;
  error: string | null;
  rowAt(index: number): QueueRow | undefined;
  /** Tell the loader which rows are on screen; missing pages are fetched. */
  show(start: number, end: number): void;
  /** Bumps whenever rows arrive, so the table re-renders. */
  version: number;
}

/**
 * The queue lives on the server; the page holds only the pages around what is on screen. A new
 * sort or filter fetches the visible pages first and swaps them in at once (no flash of blanks).
 */
export function useQueueWindow(query: QueueQuery): QueueWindow {
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const rows = useRef(new Map<number, QueueRow>());
  const pending = useRef(new Set<number>());
  const visible = useRef<[number, number]>([0, 40]);
  const generation = useRef(0);
  const key = JSON.stringify(query);

  const fetchPage = useCallback(
    (page: number, gen: number) =>
      api.queueWindow({ ...(JSON.parse(key) as QueueQuery), offset: page * PAGE, limit: PAGE }).then((w) => ({ page, w, gen })),
    [key],
  );

  const reloadVisible = useCallback(() => {
    const gen = ++generation.current;
    pending.current.clear();
    const [start, end] = visible.current;
    const pages: number[] = [];
    for (let p = Math.floor(start / PAGE); p <= Math.floor(Math.max(start, end) / PAGE); p++) pages.push(p);
    Promise.all(pages.map((p) => fetchPage(p, gen)))
      .then((results) => {
        if (gen !== generation.current) return;
        const next = new Map<number, QueueRow>();
        for (const { page, w } of results) w.rows.forEach((r, i) => next.set(page * PAGE + i, r));
        rows.current = next;
        setTotal(results[0]?.w.total ?? 0);
        setError(null);
        setVersion((v) => v + 1);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [fetchPage]);

  useEffect(reloadVisible, [reloadVisible]);
  useEffect(
    () =>
      onApiEvent((e) => {
        if (e.type === 'data-changed' && e.tables.some((t) => t === 'leads' || t === 'scores' || t === 'calls')) reloadVisible();
      }),
    [reloadVisible],
  );

  const show = useCallback(
    (start: number, end: number) => {
      visible.current = [start, end];
      const gen = generation.current;
      for (let p = Math.floor(start / PAGE); p <= Math.floor(end / PAGE); p++) {
        if (rows.current.has(p * PAGE) || pending.current.has(p)) continue;
        pending.current.add(p);
        fetchPage(p, gen)
          .then(({ page, w }) => {
            pending.current.delete(page);
            if (gen !== generation.current) return;
            w.rows.forEach((r, i) => rows.current.set(page * PAGE + i, r));
            setVersion((v) => v + 1);
          })
          .catch((e: unknown) => {
            pending.current.delete(p);
            setError(errorText(e));
          });
      }
    },
    [fetchPage],
  );

  const rowAt = useCallback((i: number) => rows.current.get(i), []);
  return { total, error, rowAt, show, version };
}
