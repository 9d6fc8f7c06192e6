import { flexRender, getCoreRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { QueueQuery, QueueRow, QueueSort } from '../../../../shared/api/queue-view';
import { api } from '../../api/client';
import { navigate } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { EmptyState } from '../../components/EmptyState';
import { DESC_FIRST, columns, explainRank } from './columns';
import { QueueFilters } from './QueueFilters';
import { useQueueWindow } from './use-queue-window';
import './queue.css';

const ROW_H = 36;

export function QueueView(): React.JSX.Element {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'rank', desc: false }]);
  const [filters, setFilters] = useState<Omit<QueueQuery, 'sort' | 'desc'>>({ status: 'open' });
  const [selected, setSelected] = useState(0);
  const [tip, setTip] = useState<{ row: QueueRow; x: number; y: number } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const facets = useApi(() => api.queueFacets({}), [], ['leads', 'calls']);
  const sort = sorting[0] ?? { id: 'rank', desc: false };
  const query = useMemo<QueueQuery>(() => ({ ...filters, sort: sort.id as QueueSort, desc: sort.desc }), [filters, sort.id, sort.desc]);
  const win = useQueueWindow(query);
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = win.total ?? 0;
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_H, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { show, rowAt, version } = win;
  useEffect(() => show(first, last), [first, last, show]);

  // The table sees only the rows on screen: 100k leads never become 100k row objects here.
  const visibleRows = useMemo(
    () => items.map((v) => rowAt(v.index)).filter((r): r is QueueRow => r !== undefined),
    // `version` changes when rows arrive; rowAt itself is stable.
    [items, version, rowAt],
  );
  const table = useReactTable({
    data: visibleRows,
    columns,
    state: { sorting },
    manualSorting: true,
    enableMultiSort: false,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.lead_id,
  });
  const rowById = new Map(table.getRowModel().rows.map((r) => [r.id, r]));

  const toggleSort = (id: string): void => {
    const desc = sort.id === id ? !sort.desc : DESC_FIRST.has(id as QueueSort);
    setSorting([{ id, desc }]);
    setSelected(0);
    virtualizer.scrollToIndex(0);
  };

  const selectedRow = win.rowAt(selected);
  const act = (label: string, p: Promise<{ ok: boolean }>): void => {
    p.then((r) => setNote(r.ok ? label : `${label} failed`)).catch((e: unknown) => setNote(String(e)));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
      const move = (to: number): void => {
        const next = Math.max(0, Math.min(total - 1, to));
        setSelected(next);
        virtualizer.scrollToIndex(next, { align: 'auto' });
      };
      if (e.key === 'j' || e.key === 'ArrowDown') move(selected + 1);
      else if (e.key === 'k' || e.key === 'ArrowUp') move(selected - 1);
      else if (e.key === 'Enter' && selectedRow) navigate({ view: 'review', leadId: selectedRow.lead_id });
      else if (e.key === 'c' && selectedRow) act(`Marked ${selectedRow.name ?? selectedRow.lead_id} as called`, api.markCalled({ leadId: selectedRow.lead_id }));
      else if (e.key === 'w' && selectedRow)
        act(`${selectedRow.name ?? selectedRow.lead_id}: converted`, api.recordOutcome({ leadId: selectedRow.lead_id, outcome: 'converted' }));
      else if (e.key === 'x' && selectedRow)
        act(`${selectedRow.name ?? selectedRow.lead_id}: lost`, api.recordOutcome({ leadId: selectedRow.lead_id, outcome: 'lost' }));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const noLeads = facets.data?.leads === 0;
  return (
    <div className="queue" data-testid="queue-view">
      <QueueFilters filters={filters} onChange={(f) => { setFilters(f); setSelected(0); }} facets={facets.data} total={win.total} />
      {win.error && <p className="error" role="alert">{win.error}</p>}
      {noLeads ? (
        <EmptyState title="No leads yet">
          Point CallRank at your recordings folder (<code>serve --watch FOLDER</code>, or <code>callrank ingest FOLDER</code>) and every call
          becomes a lead here, ranked as soon as it is scored.
        </EmptyState>
      ) : (
        <div className="queue-grid" role="grid" aria-rowcount={total} data-testid="queue">
          {table.getHeaderGroups().map((hg) => (
            <div className="qrow qhead" role="row" key={hg.id}>
              {hg.headers.map((h) => (
                <div role="columnheader" key={h.id} aria-sort={sort.id === h.id ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                  {h.column.getCanSort() ? (
                    <button data-testid={`sort-${h.id}`} onClick={() => toggleSort(h.id)}>
                      {flexRender(h.column.columnDef.header, h.getContext())} {sort.id === h.id ? (sort.desc ? '▼' : '▲') : ''}
                    </button>
                  ) : (
                    flexRender(h.column.columnDef.header, h.getContext())
                  )}
                </div>
              ))}
            </div>
          ))}
          <div className="qbody" ref={scrollRef} data-testid="queue-scroll">
            <div style={{ height: virtualizer.getTotalSize() }}>
              {items.map((v) => {
                const data = win.rowAt(v.index);
                const row = data ? rowById.get(data.lead_id) : undefined;
                return (
                  <div
                    key={v.key}
                    role="row"
                    aria-rowindex={v.index + 1}
                    className={`qrow${v.index === selected ? ' sel' : ''}`}
                    style={{ transform: `translateY(${v.start}px)` }}
                    data-testid="queue-row"
                    data-lead={data?.lead_id}
                    onClick={() => setSelected(v.index)}
                    onDoubleClick={() => data && navigate({ view: 'review', leadId: data.lead_id })}
                  >
                    {row
                      ? row.getVisibleCells().map((cell) => (
                          <div
                            key={cell.id}
                            role="gridcell"
                            onMouseEnter={cell.column.id === 'rank' && data ? (e) => setTip({ row: data, x: e.clientX, y: e.clientY }) : undefined}
                            onMouseLeave={cell.column.id === 'rank' ? () => setTip(null) : undefined}
                          >
                            {flexRender(cell.column.columnDef.cell, cell.getContext())}
                          </div>
                        ))
                      : <div className="muted">…</div>}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
      <p className="muted" data-testid="queue-help">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> review · <kbd>c</kbd> mark called · <kbd>w</kbd> converted · <kbd>x</kbd> lost ·{' '}
        <kbd>/</kbd> search transcripts · hover a rank for why {note && <strong data-testid="queue-note"> · {note}</strong>}
      </p>
      {tip && (
        <div className="tooltip" role="tooltip" data-testid="rank-tip" style={{ left: tip.x + 14, top: tip.y + 10 }}>
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
