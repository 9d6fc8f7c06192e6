import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractKeyphrases } from '../../electron/analysis/keyphrases';
import { openDatabase } from '../../electron/db/open';
import { topicsReport } from '../../electron/reports/topics/call-topics';
import { seedTopicCalls } from '../fixtures/seed-topic-calls';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * Topics over 10,000 calls (a fifth in the reported week, the rest in the eight weeks it is
 * compared with), end to end from the database, median of 3, cold and with the terms kept; beside it, on the same customer
 * turns, the per-call keyword extractor the app already runs (RAKE), as the baseline cost of
 * reading the words at all.
 */
export async function runTopicsBench(calls = 10_000): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cr-bench-topics-'));
  try {
    const db = openDatabase(join(dir, 'topics.db'));
    const now = Date.parse('2026-03-09T12:00:00Z');
    let t0 = performance.now();
    seedTopicCalls(db, { calls, now, analyse: false });
    console.log(`seeded ${calls} calls with customer turns: ${(performance.now() - t0).toFixed(0)} ms`);

    const turns = (db.prepare(`SELECT json_extract(features, '$.turns') FROM calls`).pluck().all() as string[]).map(
      (j) => (JSON.parse(j) as Array<{ speaker: string; text: string }>).filter((t) => t.speaker === 'customer').map((t) => t.text),
    );
    t0 = performance.now();
    for (const call of turns) extractKeyphrases(call);
    const baseline = performance.now() - t0;

    // Cold: a fresh connection has no terms kept, so every turn is tagged. Warm: the same
    // connection again, as a supervisor switching period or campaign would.
    const cold: number[] = [];
    const warm: number[] = [];
    let topics = 0;
    for (let i = 0; i < 3; i++) {
      const fresh = openDatabase(join(dir, 'topics.db'));
      t0 = performance.now();
      topics = topicsReport(fresh, 7, new Date(now)).groups[0]?.topics.length ?? 0;
      cold.push(performance.now() - t0);
      t0 = performance.now();
      topicsReport(fresh, 7, new Date(now));
      warm.push(performance.now() - t0);
      fresh.close();
    }
    const rssMb = process.memoryUsage().rss / 1e6;
    const list = (xs: number[]): string => xs.map((r) => r.toFixed(0)).join(', ');
    console.log(
      `topics over ${calls} calls (${turns.reduce((n, t) => n + t.length, 0)} customer turns, all campaigns + each): ` +
        `cold median ${median(cold).toFixed(0)} ms [${list(cold)}], terms kept median ${median(warm).toFixed(0)} ms [${list(warm)}], ` +
        `${topics} topics, RSS ${rssMb.toFixed(0)} MB; baseline, RAKE keywords per call on the same turns: ${baseline.toFixed(0)} ms`,
    );
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'topics.ts')) {
  runTopicsBench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
