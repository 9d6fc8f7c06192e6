import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { memo, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type Ref, type RefObject } from 'react';
import type { QueueRow } from '../../../../shared/api/queue-view';
import { CELL_PROPS, CELLS, columns } from './columns';
import type { QueueWindow } from './use-queue-window';

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

/**
 * Rows render in blocks of BLOCK: the block is what is virtualized, with a constant number of
 * blocks in range, so a block scrolling in reuses the DOM of the one scrolling out. Five rows (a
 * fast flick's worth per frame) keep each frame's share small and even: blocks of ten or twenty
 * rows measured worse at the 95th percentile, their layout landing in fewer, longer frames.
 * BLOCK divides QUEUE_PAGE (use-queue-window.ts), so a block's rows always come from one page.
 */
const BLOCK = 5;
const NO_ROWS: QueueRow[] = [];

interface BlockProps {
  block: number;
  start: number;
  /** Rows in this block (the last block may be short). */
  count: number;
  /** The loaded page the block's rows come from: a new page (or none yet) re-renders the block. */
  page: QueueRow[] | undefined;
  /** The selected row's index if it is in this block, else -1. */
  selected: number;
  rowAt(index: number): QueueRow | undefined;
  /** The table's visible columns, in order: each cell is CELLS[id] of the lead. */
  columnIds: readonly string[];
}

const BLOCK_H = BLOCK * ROW_H;
/**
 * Blocks in the first render, before the scroller can be measured: a tall screen's worth (40 rows).
 * `serve` renders the first screen with no screen to measure, and the page takes that HTML over
 * only if its own first render is the same; the range then fits the scroller at once.
 */
const FIRST_BLOCKS = 8;

/**
 * The blocks to render: those in view plus one either side. Always the same number of them, so a
 * block scrolling out hands its slot (and DOM) to the one scrolling in instead of being unmounted;
 * and state changes only when the range moves, so a scroll frame inside a block runs no React.
 */
function useBlockRange(content: RefObject<HTMLDivElement | null>, blocks: number): [number, number] {
  const [range, setRange] = useState<[number, number]>([0, Math.min(blocks - 1, FIRST_BLOCKS - 1)]);
  useLayoutEffect(() => {
    // The scroller is the content's parent element. Not the scroller's own ref: a parent's ref is
    // attached after its children's layout effects run, so on a first render that already has rows
    // (the first page asked before React started) it was still null here, and the range never moved.
    const el = content.current?.parentElement;
    if (!el) return;
    const update = (): void => {
      const span = Math.ceil(el.clientHeight / BLOCK_H) + 2;
      const last = Math.min(blocks - 1, Math.max(0, Math.floor(el.scrollTop / BLOCK_H) - 1) + span);
      const first = Math.max(0, last - span);
      setRange((r) => (r[0] === first && r[1] === last ? r : [first, last]));
    };
    update();
    el.addEventListener('scroll', update, { passive: true });
    const resized = new ResizeObserver(update);
    resized.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      resized.disconnect();
    };
  }, [content, blocks]);
  return range;
}

/** One block of rows, rendered again only when its place, its page or the selection in it changes. */
const QueueBlock = memo(
  function QueueBlock({ block, start, count, page, selected, rowAt, columnIds }: BlockProps): React.JSX.Element {
    const ref = useRef<HTMLDivElement>(null);
    // Lay the new rows out now, in the idle time after this commit, rather than in the next
    // scroll frame (whose first read of scrollTop would otherwise pay for it).
    useLayoutEffect(() => {
      ref.current?.getBoundingClientRect();
    }, [block, page]);
    const rows: React.JSX.Element[] = [];
    for (let k = 0; k < count; k++) {
      const index = block * BLOCK + k;
      const data = rowAt(index);
      rows.push(
        <div
          key={k}
          role="row"
          aria-rowindex={index + 1}
          data-index={index}
          className={`qrow${index === selected ? ' sel' : ''}`}
          data-testid="queue-row"
          data-lead={data?.lead_id}
          data-reason={data?.rank_reason}
        >
          {data ? (
            columnIds.map((id) => (
              <div key={id} role="gridcell" data-col={id} {...CELL_PROPS[id]}>
                {CELLS[id]?.(data)}
              </div>
            ))
          ) : (
            <div className="muted">…</div>
          )}
        </div>,
      );
    }
    return (
      <div ref={ref} className="qblock" style={{ transform: `translateY(${start}px)`, height: count * ROW_H }}>
        {rows}
      </div>
    );
  },
  (a, b) =>
    a.block === b.block &&
    a.start === b.start &&
    a.count === b.count &&
    a.page === b.page &&
    a.selected === b.selected &&
    a.columnIds === b.columnIds,
);

/**
 * Gives each block in view a slot that it keeps while it stays in view; a block scrolling in takes
 * the slot of one that scrolled out. Slots render in a fixed order and are the React keys, so the
 * DOM nodes of a block that left are updated in place for the block that came (text and
 * transform), instead of one block being torn down and another built.
 */
class BlockSlots {
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

interface BlocksProps {
  total: number;
  /** Bumps when loaded rows change (use-queue-window.ts): the blocks look at their pages again. */
  version: number;
  selected: number;
  columnIds: readonly string[];
  rowAt(index: number): QueueRow | undefined;
  pageAt(index: number): QueueRow[] | undefined;
  show(start: number, end: number): void;
}

/**
 * The blocks in range, in their slots. The range is this component's state, so a scroll that moves
 * it renders only this (not the table, its header or the view around it).
 */
const QueueBlocks = memo(function QueueBlocks({
  total,
  selected,
  columnIds,
  rowAt,
  pageAt,
  show,
}: BlocksProps): React.JSX.Element {
  const slots = useRef(new BlockSlots()).current;
  const content = useRef<HTMLDivElement>(null);
  const blocks = Math.ceil(total / BLOCK);
  const [firstBlock, lastBlock] = useBlockRange(content, blocks);
  const items = useMemo(() => {
    const out: { index: number; start: number }[] = [];
    for (let b = firstBlock; b <= lastBlock && b < blocks; b++) out.push({ index: b, start: b * BLOCK_H });
    return out;
  }, [firstBlock, lastBlock, blocks]);
  const first = (items[0]?.index ?? 0) * BLOCK;
  const last = Math.max(0, Math.min(total, ((items[items.length - 1]?.index ?? 0) + 1) * BLOCK) - 1);
  useEffect(() => show(first, last), [first, last, show]);
  return (
    <div ref={content} style={{ height: total * ROW_H }}>
      {slots.assign(items).map((v, slot) =>
        v ? (
          <QueueBlock
            key={slot}
            block={v.index}
            start={v.start}
            count={Math.min(BLOCK, total - v.index * BLOCK)}
            page={pageAt(v.index * BLOCK)}
            selected={selected >= v.index * BLOCK && selected < (v.index + 1) * BLOCK ? selected : -1}
            rowAt={rowAt}
            columnIds={columnIds}
          />
        ) : null,
      )}
    </div>
  );
});

/**
 * The virtualized body: only the blocks in view (plus one either side) exist in the DOM,
 * positioned with a transform inside a `contain: strict` scroller.
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
  const total = win.total ?? 0;
  useImperativeHandle(
    handle,
    () => ({
      // Rows, not blocks: bring row i just into view, as a list's keyboard selection does.
      scrollToIndex: (i) => {
        const el = scrollRef.current;
        if (!el) return;
        const top = i * ROW_H;
        if (top < el.scrollTop) el.scrollTop = top;
        else if (top + ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_H - el.clientHeight;
      },
    }),
    [],
  );
  const { show, rowAt, pageAt, version } = win;

  // The table holds no data: it gives the columns, their order and the header. The rows on
  // screen render straight from each column's cell function (columns.tsx), without a row model.
  const table = useReactTable({
    data: NO_ROWS,
    columns,
    state: { sorting: [sort] },
    manualSorting: true,
    enableMultiSort: false,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.lead_id,
  });
  // The same array while the columns stay the same, so blocks (memo) are not rendered again.
  const columnKey = table
    .getVisibleLeafColumns()
    .map((c) => c.id)
    .join(' ');
  const columnIds = useMemo(() => columnKey.split(' '), [columnKey]);

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
        <QueueBlocks
          total={total}
          version={version}
          selected={selected}
          columnIds={columnIds}
          rowAt={rowAt}
          pageAt={pageAt}
          show={show}
        />
      </div>
    </div>
  );
}
