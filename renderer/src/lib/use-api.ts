import { useCallback, useEffect, useRef, useState } from 'react';
import { onApiEvent } from '../api/client';
import { errorText } from './format';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/**
 * Loads once per change of `deps`, and again when the core says one of `tables` changed, so a view
 * stays current while jobs run. Stale answers (from an older request) are dropped.
 */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[], tables: readonly string[] = []): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    const mine = ++seq.current;
    setLoading(true);
    run()
      .then((d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => mine === seq.current && setError(errorText(e)))
      .finally(() => mine === seq.current && setLoading(false));
  }, [run]);
  useEffect(reload, [reload]);
  const tableKey = tables.join(',');
  useEffect(() => {
    if (!tableKey) return undefined;
    const wanted = new Set(tableKey.split(','));
    return onApiEvent((e) => {
      if (e.type === 'data-changed' && e.tables.some((t) => wanted.has(t))) reload();
    });
  }, [tableKey, reload]);
  return { data, error, loading, reload };
}
