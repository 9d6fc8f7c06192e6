import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open';
import { QueueView } from '../../../electron/queue/queue-window';
import type { QueueRow, QueueSort } from '../../../shared/api/queue-view';
import { seedBulkQueue } from '../../fixtures/seed-ui-bulk';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/**
 * A real database of N bulk leads, some closed, some unscored, some unnamed or in lower case; with
 * `gaps`, some deleted, so rowids are no longer a run without holes.
 */
function seeded(n: number, gaps = false): Db {
  const tmp = tempDir('cr-queue-');
  cleanups.push(tmp.cleanup);
  const path = join(tmp.path, 'q.db');
  seedBulkQueue(path, n);
  const db = openDatabase(path);
  cleanups.unshift(() => db.close());
  db.exec(`UPDATE leads SET outcome = 'converted' WHERE rowid % 17 = 0; UPDATE leads SET outcome = 'lost' WHERE rowid % 23 = 0;
           UPDATE leads SET lead_score = NULL WHERE rowid % 11 = 0; UPDATE leads SET first_name = NULL, last_name = NULL WHERE rowid % 13 = 0;
           UPDATE leads SET first_name = lower(first_name) WHERE rowid % 7 = 0;`);
  if (gaps) db.exec(`DELETE FROM calls WHERE lead_id IN (SELECT lead_id FROM leads WHERE rowid % 19 = 0 OR rowid = 1);
                     DELETE FROM leads WHERE rowid % 19 = 0 OR rowid = 1;`);
  return db;
}

const VALUE: Record<Exclude<QueueSort, 'rank'>, (r: QueueRow) => number | string | null> = {
  score: (r) => r.score,
  probability: (r) => r.probability,
  attempts: (r) => r.attempts,
  last_called_at: (r) => (r.last_called_at ? Math.round(Date.parse(r.last_called_at) / 1000) : null),
  // Ascending age is newest first.
  age: (r) => -Math.round(Date.parse(r.created_at) / 1000),
  campaign: (r) => r.campaign,
  agent: (r) => r.agent,
  // Names sort as a person reads them: "first7" between "First6" and "First8".
  name: (r) => r.name?.toLowerCase() ?? null,
};

/** The order the columns must produce, by a plain comparator: empty values last, ties in rank order. */
function reference(byRank: QueueRow[], sort: Exclude<QueueSort, 'rank'>, desc: boolean): string[] {
  const get = VALUE[sort];
  return byRank
    .map((r, pos) => ({ r, pos, v: get(r) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.pos - b.pos : a.v === null ? 1 : -1;
      const c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      return (desc ? -c : c) || a.pos - b.pos;
    })
    .map((x) => x.r.lead_id);
}

describe('queue view over columns', () => {
  it.each([
    ['rowids without holes', false],
    ['some leads deleted', true],
  ])('ranks open leads first by priority and sorts every column like a plain comparator would (%s)', (_, gaps) => {
    const db = seeded(3000, gaps);
    const view = new QueueView(db);
    const all = view.window({ sort: 'rank', desc: false, status: 'all', offset: 0, limit: 5000 });
    expect(all.total).toBe(db.prepare(`SELECT count(*) FROM leads`).pluck().get());
    expect(all.total).toBe(gaps ? 3000 - 1 - Math.floor(3000 / 19) : 3000);
    const firstClosed = all.rows.findIndex((r) => r.outcome !== null);
    expect(all.rows.slice(firstClosed).every((r) => r.outcome !== null)).toBe(true);
    const open = all.rows.slice(0, firstClosed);
    expect(open.every((r, i) => i === 0 || (open[i - 1] as QueueRow).priority >= r.priority)).toBe(true);
    expect(all.rows.map((r) => r.rank)).toEqual(all.rows.map((_, i) => i + 1));

    for (const sort of Object.keys(VALUE) as Exclude<QueueSort, 'rank'>[]) {
      for (const desc of [false, true]) {
        const got = view
          .window({ sort, desc, status: 'all', offset: 0, limit: 5000 })
          .rows.map((r) => r.lead_id);
        expect(got, `${sort} ${desc ? 'desc' : 'asc'}`).toEqual(reference(all.rows, sort, desc));
      }
    }
  });

  it('sorts times on the half second with the second they show, ties in rank order', () => {
    const db = seeded(300);
    // SQLite keeps these as …07499.993 and …00499.9905 ms: rounded as they are, each fell into the
    // second before the one shown, ahead of leads called in the same second.
    db.exec(`UPDATE leads SET last_called_at = CASE rowid % 3 WHEN 0 THEN '2026-11-02T09:30:07.500Z'
               WHEN 1 THEN '2026-11-02T09:30:08.000Z' ELSE '2026-11-02T09:30:08.400Z' END,
             created_at = CASE rowid % 2 WHEN 0 THEN '2026-10-15T14:00:00.500Z' ELSE '2026-10-15T14:00:01.000Z' END`);
    const view = new QueueView(db);
    const all = view.window({ sort: 'rank', desc: false, status: 'all', offset: 0, limit: 5000 });
    for (const sort of ['last_called_at', 'age'] as const)
      for (const desc of [false, true]) {
        const got = view.window({ sort, desc, status: 'all', offset: 0, limit: 5000 }).rows.map((r) => r.lead_id);
        expect(got, `${sort} ${desc ? 'desc' : 'asc'}`).toEqual(reference(all.rows, sort, desc));
      }
  });

  it('filters by status, band, campaign, agent and search text over the chosen order', () => {
    const db = seeded(2000);
    const view = new QueueView(db);
    const all = view.window({ sort: 'score', desc: true, status: 'all', offset: 0, limit: 5000 }).rows;
    const check = (q: Partial<Parameters<QueueView['window']>[0]>, keep: (r: QueueRow) => boolean): void => {
      const got = view.window({ sort: 'score', desc: true, status: 'all', offset: 0, limit: 5000, ...q });
      expect(got.rows.map((r) => r.lead_id)).toEqual(all.filter(keep).map((r) => r.lead_id));
      expect(got.total).toBe(got.rows.length);
    };
    check({ status: 'open' }, (r) => r.outcome === null);
    check({ status: 'lost' }, (r) => r.outcome === 'lost');
    check({ band: 'hot' }, (r) => r.band === 'hot');
    check({ campaign: 'Referral' }, (r) => r.campaign === 'Referral');
    check({ agent: 'Agent 7' }, (r) => r.agent === 'Agent 7');
    check({ search: ' First12 ' }, (r) => (r.name ?? '').toLowerCase().includes('first12'));
  });

  it('answers the first screen of a fresh queue from SQL with the same rows and ranks as the full order', async () => {
    const db = seeded(3000);
    const fresh = await new QueueView(db).windowAsync({
      sort: 'rank',
      desc: false,
      status: 'open',
      offset: 100,
      limit: 100,
    });
    const full = new QueueView(db).window({
      sort: 'rank',
      desc: false,
      status: 'open',
      offset: 100,
      limit: 100,
    });
    expect(fresh.total).toBe(full.total);
    expect(fresh.rows).toEqual(full.rows);
    const facets = await new QueueView(db).facets();
    expect(facets.leads).toBe(3000);
    expect(facets.campaigns).toContain('Referral');
  });
});
