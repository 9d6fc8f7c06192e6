import type { Db } from '../db/open';
import type { QueueRow } from '../../shared/api/queue-view';
import { activeBands } from '../scoring/active-bands';
import { firstWindow } from './first-window';
import type { QueueWindowResult, WindowQuery } from './queue-window';
import { queueDataKey } from './snapshot';

/** The queue as a page opens it: open leads by rank, no search, no filter (the renderer's initial view). */
export const isDefaultView = (q: WindowQuery): boolean =>
  q.sort === 'rank' && !q.desc && q.status === 'open' && !q.search?.trim() && !q.band && !q.campaign && !q.agent;

/** Rows of the default queue answered from SQL before the columns are loaded: the first few screens. */
const FIRST_ROWS = 300;

/**
 * The default queue's first screens (open leads by rank) from one SQL top-N (firstWindow), kept
 * per data version and for at most `maxAgeMs` (priorities age): what a fresh process shows while
 * the columns load.
 */
export class FirstScreen {
  private first: { key: string; total: number; rows: QueueRow[]; builtAt: string } | null = null;

  constructor(
    private readonly db: Db,
    private readonly maxAgeMs: number,
  ) {}

  /** The top FIRST_ROWS (or the part of them SQL proves), computed once per data version; null when none is proven. */
  rows(): { total: number; rows: QueueRow[]; builtAt: string } | null {
    const key = queueDataKey(this.db);
    if (this.first?.key === key && Date.now() - Date.parse(this.first.builtAt) < this.maxAgeMs)
      return this.first;
    const nowMs = Date.now();
    const got = firstWindow(this.db, 0, FIRST_ROWS, nowMs, activeBands(this.db, 'lead'));
    this.first = got && { key, ...got, builtAt: new Date(nowMs).toISOString() };
    return this.first;
  }

  /** `q`'s window when it is one of the default queue's first screens, else null. */
  answer(q: WindowQuery): QueueWindowResult | null {
    if (!isDefaultView(q) || q.offset + q.limit > FIRST_ROWS) return null;
    const first = this.rows();
    // Past the proven rows only when they are the whole queue.
    if (!first || (q.offset + q.limit > first.rows.length && first.rows.length < first.total)) return null;
    return {
      total: first.total,
      rows: first.rows.slice(q.offset, q.offset + q.limit),
      builtAt: first.builtAt,
    };
  }
}
