import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open';
import { topicsReport } from '../../../electron/reports/topics/call-topics';
import { seedTopicCalls } from '../../fixtures/seed-topic-calls';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const NOW = Date.parse('2026-03-09T12:00:00Z');

function database(): Db {
  const tmp = tempDir('cr-topics-');
  cleanups.push(tmp.cleanup);
  const db = openDatabase(join(tmp.path, 'x.db'));
  cleanups.unshift(() => db.close());
  return db;
}

describe('topics across calls', () => {
  it('shows what customers talk about this week by campaign, and a new objection nobody defined', () => {
    const db = database();
    const seeded = seedTopicCalls(db, { calls: 250, now: NOW, analyse: true });
    expect(seeded.newObjectionCalls).toBeGreaterThan(5);
    const report = topicsReport(db, 7, new Date(NOW));
    expect(report.groups.map((g) => g.campaign)).toEqual([null, 'Battery Upsell', 'Solar Spring']);
    const [all, battery, solar] = report.groups;
    expect(all?.calls).toBe(50);
    expect(all?.baselineCalls).toBe(200);
    expect((battery?.calls ?? 0) + (solar?.calls ?? 0)).toBe(50);

    const isObjection = (t: { terms: Array<{ term: string }> }): boolean =>
      t.terms.some((x) => /\b(hoa|association)\b/.test(x.term));
    // The objection appears where it was said, flagged new, with the customers' words.
    for (const group of [all, solar]) {
      const objection = group?.topics.filter(isObjection) ?? [];
      expect(objection.length).toBeGreaterThan(0);
      for (const t of objection) {
        expect(t.isNew).toBe(true);
        expect(t.baselineShare).toBe(0);
        expect(t.quotes.length).toBeGreaterThan(0);
        for (const q of t.quotes) expect(q.quote).toMatch(/hoa|association/i);
      }
    }
    expect(battery?.topics.some(isObjection)).toBe(false);
    // The everyday things are there too, and not new.
    const everyday = all?.topics.filter((t) => t.terms.some((x) => ['price', 'power', 'roof'].includes(x.term))) ?? [];
    expect(everyday.length).toBeGreaterThanOrEqual(2);
    expect(everyday.every((t) => !t.isNew)).toBe(true);
    // Most talked about first.
    const counts = all?.topics.map((t) => t.calls) ?? [];
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('answers an empty week with no topics, and leaves unanalysed calls out', () => {
    const db = database();
    db.prepare(
      `INSERT INTO calls (call_id, call_start_time, transcript, created_at, updated_at) VALUES ('C1', ?, NULL, ?, ?)`,
    ).run(new Date(NOW - 3_600_000).toISOString(), 'x', 'x');
    const report = topicsReport(db, 7, new Date(NOW));
    expect(report.groups).toEqual([{ campaign: null, calls: 0, baselineCalls: 0, topics: [] }]);
    expect(report.to).toBe(new Date(NOW).toISOString());
  });
});
