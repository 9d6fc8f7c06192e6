import type { Db } from '../../db/open';
import type { QueueRow, QueueSort } from '../../../shared/api/queue-view';
import { buildSnapshot, dataKey, type QueueSnapshot } from './snapshot';

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

type Getter = (r: QueueRow) => number | string | null;

const GETTERS: Record<QueueSort, Getter> = {
  rank: (r) => r.rank,
  score: (r) => r.score,
  probability: (r) => r.probability,
  last_called_at: (r) => r.last_called_at,
  attempts: (r) => r.attempts,
  // Age sorts by when the lead came in: ascending age = newest first.
  age: (r) => r.created_at,
  campaign: (r) => r.campaign,
  agent: (r) => r.agent,
  name: (r) => r.name,
};

/** Empty values sort last in either direction, so "sort by score" never opens on unscored leads. */
function sortedOrder(rows: QueueRow[], sort: QueueSort, desc: boolean): Int32Array {
  const get = GETTERS[sort];
  const values = rows.map(get);
  const idx = Array.from({ length: rows.length }, (_, i) => i);
  const flip = sort === 'age' ? !desc : desc;
  idx.sort((a, b) => {
    const x = values[a] ?? null;
    const y = values[b] ?? null;
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
    const c = x < y ? -1 : x > y ? 1 : 0;
    return (flip ? -c : c) || a - b;
  });
  return Int32Array.from(idx);
}

/** Keeps one snapshot and its sorted/filtered orders per database connection, rebuilt when data changes. */
export class QueueView {
  private snapshot: QueueSnapshot | null = null;
  private orders = new Map<string, Int32Array>();
  private filtered = new Map<string, Int32Array>();

  constructor(
    private readonly db: Db,
    private readonly maxAgeMs = 60_000,
  ) {}

  current(): QueueSnapshot {
    const now = Date.now();
    const s = this.snapshot;
    if (!s || s.key !== dataKey(this.db) || now - s.builtAtMs > this.maxAgeMs) {
      this.snapshot = buildSnapshot(this.db, now);
      this.orders.clear();
      this.filtered.clear();
    }
    return this.snapshot as QueueSnapshot;
  }

  window(q: WindowQuery): { total: number; rows: QueueRow[]; builtAt: string } {
    const snap = this.current();
    const orderKey = `${q.sort}:${q.desc}`;
    let order = this.orders.get(orderKey);
    if (!order) {
      order = sortedOrder(snap.rows, q.sort, q.desc);
      this.orders.set(orderKey, order);
    }
    const needle = q.search?.trim().toLowerCase() ?? '';
    const filterKey = JSON.stringify([orderKey, needle, q.band, q.campaign, q.agent, q.status]);
    let view = this.filtered.get(filterKey);
    if (!view) {
      const keep: number[] = [];
      for (const i of order) {
        const r = snap.rows[i] as QueueRow;
        if (q.status === 'open' ? r.outcome !== null : q.status !== 'all' && r.outcome !== q.status) continue;
        if (q.band && r.band !== q.band) continue;
        if (q.campaign && r.campaign !== q.campaign) continue;
        if (q.agent && r.agent !== q.agent) continue;
        if (needle && !(snap.haystack[i] as string).includes(needle)) continue;
        keep.push(i);
      }
      view = Int32Array.from(keep);
      if (this.filtered.size > 20) this.filtered.clear();
      this.filtered.set(filterKey, view);
    }
    const rows: QueueRow[] = [];
    const end = Math.min(view.length, q.offset + q.limit);
    for (let k = q.offset; k < end; k++) rows.push(snap.rows[view[k] as number] as QueueRow);
    return { total: view.length, rows, builtAt: new Date(snap.builtAtMs).toISOString() };
  }

  facets(): { campaigns: string[]; agents: string[]; leads: number } {
    const snap = this.current();
    const campaigns = new Set<string>();
    const agents = new Set<string>();
    for (const r of snap.rows) {
      if (r.campaign) campaigns.add(r.campaign);
      if (r.agent) agents.add(r.agent);
    }
    return { campaigns: [...campaigns].sort(), agents: [...agents].sort(), leads: snap.rows.length };
  }
}
