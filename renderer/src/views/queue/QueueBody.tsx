import { flexRender, getCoreRowModel, useReactTable, type Row } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import type { QueueRow } from '../../../../shared/api/queue-view';
import { columns } from './columns';
import { QUEUE_PAGE, type QueueWindow } from './use-queue-window';

export const ROW_H = 36;

export interface QueueBodyHandle {
  scrollToIndex(index: number): void;
}

export interface RankTip {
  row: QueueRow;
  x: number;
  y: number;
}

interface Props {
  win: QueueWindow;
  sort: { id: string; desc: boolean };
  selected: number;
  onSort(id: string): void;
  onSelect(index: number): void;
  onOpen(leadId: string): void;
  onTip(tip: RankTip | null): void;
  handle: Ref<QueueBodyHandle>;
}

interface RowProps {
  row: Row<QueueRow> | undefined;
  index: number;
  start: number;
  selected: boolean;
}

/**
 * One row on screen. Scrolling re-renders the body every frame, so a row renders again only when
 * its data, place or selection changed: a flick of five rows a frame renders five new rows, not fifty.
 */
const QueueRowView = memo(
  function QueueRowView({ row, index, start, selected }: RowProps): React.JSX.Element {
    return (
      <div
        role="row"
        aria-rowindex={index + 1}
        data-index={index}
        className={`qrow${selected ? ' sel' : ''}`}
        style={{ transform: `translateY(${start}px)` }}
        data-testid="queue-row"
        data-lead={row?.original.lead_id}
      >
        {row ? (
          row.getVisibleCells().map((cell) => (
            <div key={cell.column.id} role="gridcell" data-col={cell.column.id}>
              {flexRender(cell.column.columnDef.cell, cell.getContext())}
            </div>
          ))
        ) : (
          <div className="muted">…</div>
        )}
      </div>
    );
  },
  (a, b) =>
    a.row?.original === b.row?.original &&
    a.index === b.index &&
    a.start === b.start &&
    a.selected === b.selected,
);

/**
 * Gives each row in view a slot that it keeps while it stays in view; a row scrolling in takes the
 * slot of one that scrolled out. Slots render in a fixed order and are the React keys, so the DOM
 * nodes of a row that left are updated in place for the row that came (text and transform),
 * instead of one row being torn down and another built every frame.
 */
class RowSlots {
  private slotOf = new Map<number, number>();
  private size = 0;

  assign<T extends { index: number }>(items: T[]): (T | undefined)[] {
    const wanted = new Set(items.map((v) => v.index));
    const free: number[] = [];
    for (const [index, slot] of this.slotOf) {
      if (!wanted.has(index)) {
        this.slotOf.delete(index);
        free.push(slot);
      }
    }
    free.sort((a, b) => b - a);
    for (const v of items) if (!this.slotOf.has(v.index)) this.slotOf.set(v.index, free.pop() ?? this.size++);
    const out = new Array<T | undefined>(this.size).fill(undefined);
    for (const v of items) out[this.slotOf.get(v.index) as number] = v;
    return out;
  }
}

/**
 * The virtualized body: only the rows in view (plus a few) exist in the DOM, positioned with a
 * transform inside a `contain: strict` scroller, so a scroll frame touches a handful of nodes.
 * Clicks and hovers are handled once on the scroller (event delegation), not per cell.
 */
export function QueueBody({
  win,
  sort,
  selected,
  onSort,
  onSelect,
  onOpen,
  onTip,
  handle,
}: Props): React.JSX.Element {
  const scrollRef = useRef<HTMLDivElement>(null);
  const slots = useRef(new RowSlots()).current;
  const total = win.total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 10,
    // Render in React's own task, not synchronously inside each scroll event: the overscan (360 px)
    // covers a fast flick until the new rows land, and the scroll frame itself stays light.
    useFlushSync: false,
  });
  useImperativeHandle(
    handle,
    () => ({ scrollToIndex: (i) => virtualizer.scrollToIndex(i, { align: 'auto' }) }),
    [virtualizer],
  );
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { show, rowAt, version } = win;
  useEffect(() => show(first, last), [first, last, show]);

  // The table sees only the pages on screen (100-200 rows): 100k leads never become 100k row
  // objects here, and the row model is rebuilt when the view crosses a page, not every frame.
  const firstPage = Math.floor(first / QUEUE_PAGE);
  const lastPage = Math.floor(last / QUEUE_PAGE);
  const visibleRows = useMemo(() => {
    const out: QueueRow[] = [];
    for (let i = firstPage * QUEUE_PAGE; i < (lastPage + 1) * QUEUE_PAGE; i++) {
      const r = rowAt(i);
      if (r) out.push(r);
    }
    return out;
    // `version` changes when rows arrive; rowAt itself is stable.
  }, [firstPage, lastPage, version, rowAt]);
  const table = useReactTable({
    data: visibleRows,
    columns,
    state: { sorting: [sort] },
    manualSorting: true,
    enableMultiSort: false,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.lead_id,
  });
  const rowById = useMemo(
    () => new Map(table.getRowModel().rows.map((r) => [r.id, r])),
    [table, visibleRows],
  );

  // The header does not change while scrolling: the same element lets React skip it.
  const header = useMemo(
    () =>
      table.getHeaderGroups().map((hg) => (
        <div className="qrow qhead" role="row" key={hg.id}>
          {hg.headers.map((h) => (
            <div
              role="columnheader"
              key={h.id}
              aria-sort={sort.id === h.id ? (sort.desc ? 'descending' : 'ascending') : 'none'}
            >
              {h.column.getCanSort() ? (
                <button data-testid={`sort-${h.id}`} onClick={() => onSort(h.id)}>
                  {flexRender(h.column.columnDef.header, h.getContext())}{' '}
                  {sort.id === h.id ? (sort.desc ? '▼' : '▲') : ''}
                </button>
              ) : (
                flexRender(h.column.columnDef.header, h.getContext())
              )}
            </div>
          ))}
        </div>
      )),
    [sort.id, sort.desc, onSort],
  );

  const indexOf = (target: EventTarget): number | null => {
    const el = (target as HTMLElement).closest('[data-index]');
    return el ? Number(el.getAttribute('data-index')) : null;
  };
  return (
    <div
      className="queue-grid"
      role="grid"
      aria-rowcount={total}
      data-testid="queue"
      data-sorted-by={
        win.shownQuery
          ? `${win.shownQuery.sort}:${win.shownQuery.desc ? 'descending' : 'ascending'}`
          : undefined
      }
    >
      {header}
      <div
        className="qbody"
        ref={scrollRef}
        data-testid="queue-scroll"
        onClick={(e) => {
          const i = indexOf(e.target);
          if (i !== null) onSelect(i);
        }}
        onDoubleClick={(e) => {
          const i = indexOf(e.target);
          const data = i === null ? undefined : rowAt(i);
          if (data) onOpen(data.lead_id);
        }}
        onMouseOver={(e) => {
          const cell = (e.target as HTMLElement).closest('[data-col=rank]');
          const i = cell ? indexOf(cell) : null;
          const data = i === null ? undefined : rowAt(i);
          onTip(data ? { row: data, x: e.clientX, y: e.clientY } : null);
        }}
        onMouseLeave={() => onTip(null)}
      >
        <div style={{ height: virtualizer.getTotalSize() }}>
          {slots.assign(items).map((v, slot) => {
            if (!v) return null;
            const data = rowAt(v.index);
            return (
              <QueueRowView
                key={slot}
                row={data ? rowById.get(data.lead_id) : undefined}
                index={v.index}
                start={v.start}
                selected={v.index === selected}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
