import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { QueueQuery, QueueSort } from '../../../../shared/api/queue-view';
import { api } from '../../api/client';
import { navigate } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { EmptyState } from '../../components/EmptyState';
import { DESC_FIRST, explainRank } from './columns';
import { QueueBody, type QueueBodyHandle, type RankTip } from './QueueBody';
import { QueueFilters } from './QueueFilters';
import { OPENING_FILTERS, OPENING_SORT, takeFacets } from './opening-pages';
import { useQueueWindow } from './use-queue-window';
import './queue.css';

type Filters = Omit<QueueQuery, 'sort' | 'desc'>;

/**
 * The ranked next-dial queue. State that changes per scroll frame lives in QueueBody; this view
 * holds what the supervisor chose (sort, filters, selection) and the keyboard shortcuts.
 */
export function QueueView(): React.JSX.Element {
  const [sort, setSort] = useState<{ id: string; desc: boolean }>(OPENING_SORT);
  const [filters, setFilters] = useState<Filters>(OPENING_FILTERS);
  const [selected, setSelected] = useState(0);
  const [tip, setTip] = useState<RankTip | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const query = useMemo<QueueQuery>(
    () => ({ ...filters, sort: sort.id as QueueSort, desc: sort.desc }),
    [filters, sort.id, sort.desc],
  );
  const win = useQueueWindow(query);
  // The filter choices wait for the first rows, so the first screen does not queue behind them (with
  // serve's first screen they were asked as the code started: takeFacets hands that answer over).
  const firstRowsIn = win.total !== null;
  const facets = useApi(
    () => (firstRowsIn ? takeFacets() : Promise.resolve(null)),
    [firstRowsIn],
    ['leads', 'calls'],
  );
  const body = useRef<QueueBodyHandle>(null);
  const total = win.total ?? 0;

  const onSort = useCallback((id: string) => {
    setSort((s) => ({ id, desc: s.id === id ? !s.desc : DESC_FIRST.has(id as QueueSort) }));
    setSelected(0);
    body.current?.scrollToIndex(0);
  }, []);
  const onFilters = useCallback((f: Filters) => {
    setFilters(f);
    setSelected(0);
    body.current?.scrollToIndex(0);
  }, []);
  const onOpen = useCallback((leadId: string) => navigate({ view: 'review', leadId }), []);

  const selectedRow = win.rowAt(selected);
  const act = (label: string, p: Promise<{ ok: boolean }>): void => {
    p.then((r) => setNote(r.ok ? label : `${label} failed`)).catch((e: unknown) => setNote(String(e)));
  };
  // The listener reads the latest state through a ref, so it is added once, not on every render.
  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e) => {
    const target = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey || e.altKey || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName))
      return;
    const move = (to: number): void => {
      const next = Math.max(0, Math.min(total - 1, to));
      setSelected(next);
      body.current?.scrollToIndex(next);
    };
    const name = selectedRow ? (selectedRow.name ?? selectedRow.lead_id) : '';
    if (e.key === 'j' || e.key === 'ArrowDown') move(selected + 1);
    else if (e.key === 'k' || e.key === 'ArrowUp') move(selected - 1);
    else if (e.key === 'Enter' && selectedRow) onOpen(selectedRow.lead_id);
    else if (e.key === 'c' && selectedRow)
      act(`Marked ${name} as called`, api.markCalled({ leadId: selectedRow.lead_id }));
    else if (e.key === 'w' && selectedRow)
      act(`${name}: converted`, api.recordOutcome({ leadId: selectedRow.lead_id, outcome: 'converted' }));
    else if (e.key === 'x' && selectedRow)
      act(`${name}: lost`, api.recordOutcome({ leadId: selectedRow.lead_id, outcome: 'lost' }));
    else return;
    e.preventDefault();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => keys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const noLeads = facets.data?.leads === 0;
  return (
    <div className="queue" data-testid="queue-view">
      <QueueFilters filters={filters} onChange={onFilters} facets={facets.data} total={win.total} />
      {win.error && (
        <p className="error" role="alert">
          {win.error}
        </p>
      )}
      {noLeads ? (
        <EmptyState title="No leads yet">
          Point CallRank at your recordings folder (Settings → Recordings folder,{' '}
          <code>serve --watch FOLDER</code>, or <code>callrank ingest FOLDER</code>) and every call becomes a
          lead here, ranked as soon as it is scored.
        </EmptyState>
      ) : (
        <QueueBody
          win={win}
          sort={sort}
          selected={selected}
          onSort={onSort}
          onSelect={setSelected}
          onOpen={onOpen}
          onTip={setTip}
          handle={body}
        />
      )}
      <p className="muted" data-testid="queue-help">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> review · <kbd>c</kbd> mark called · <kbd>w</kbd>{' '}
        converted · <kbd>x</kbd> lost · <kbd>/</kbd> search transcripts · hover a rank for why{' '}
        {note && <strong data-testid="queue-note"> · {note}</strong>}
      </p>
      {tip && (
        <div
          className="tooltip"
          role="tooltip"
          data-testid="rank-tip"
          data-rank-reason={tip.row.rank_reason}
          style={{ left: tip.x + 14, top: tip.y + 10 }}
        >
          <strong>
            Rank #{tip.row.rank} · priority {tip.row.priority}
          </strong>
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {explainRank(tip.row).map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
