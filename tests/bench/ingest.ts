import { join } from 'node:path';
import { openDatabase } from '../../electron/db/open';
import { scanFolder } from '../../electron/ingest/scan-folder';
import { rankOpenLeads as rankLeads } from '../../electron/ranking/rank-leads';
import { rankOrderSql, registerRankFunction } from '../../electron/ranking/rank-formula';
import { makeRecordingsFolder } from '../fixtures/recordings-folder';
import { tempDir } from '../fixtures/temp';
import { seedLeads } from './seed-leads';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function timeScan(folder: string, dbPath: string, concurrency: number): Promise<{ seconds: number; added: number }> {
  const db = openDatabase(dbPath);
  const start = performance.now();
  const { outcomes } = await scanFolder(db, folder, { concurrency, settleMs: 0 });
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return { seconds, added: outcomes.filter((o) => o.kind === 'added').length };
}

/** Indexing 10,000 small recordings with sidecars (no transcription), and the 100,000-lead queue query. */
export async function runIngestBench(): Promise<void> {
  const tmp = tempDir('cr-bench-ingest-');
  try {
    const folder = join(tmp.path, 'rec');
    console.log('ingest: generating 10,000 recordings with sidecars...');
    makeRecordingsFolder(folder, 10_000, { seconds: 0.2 });
    await sleep(200);
    const baselineFolder = join(tmp.path, 'rec-baseline');
    makeRecordingsFolder(baselineFolder, 2_000, { seconds: 0.2, firstIndex: 20_000 });

    const base = await timeScan(baselineFolder, join(tmp.path, 'baseline.db'), 1);
    console.log(
      `ingest baseline (reading one file at a time, 2,000 files): ${(base.added / base.seconds).toFixed(0)} files/s (${base.seconds.toFixed(2)} s)`,
    );
    const full = await timeScan(folder, join(tmp.path, 'full.db'), 8);
    console.log(
      `ingest 10,000 files (8 at a time): ${full.added} added in ${full.seconds.toFixed(2)} s = ${(full.added / full.seconds).toFixed(0)} files/s ` +
        `(target: under 10 s) ${full.seconds < 10 ? 'MET' : 'MISSED'}`,
    );
    const again = await timeScan(folder, join(tmp.path, 'full.db'), 8);
    console.log(`re-ingest of the same 10,000 (all unchanged): ${again.seconds.toFixed(2)} s, ${again.added} added`);

    const qdb = openDatabase(join(tmp.path, 'queue.db'));
    seedLeads(qdb, 100_000);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const items = rankLeads(qdb);
      runs.push(performance.now() - t);
      if (items.length !== 100_000) throw new Error(`queue returned ${items.length} rows`);
    }
    const top = performance.now();
    rankLeads(qdb, { limit: 100 });
    const topMs = performance.now() - top;
    runs.sort((a, b) => a - b);
    console.log(
      `queue query, 100,000 leads, each with its rank_reason: all rows median ${runs[2]?.toFixed(0)} ms (best ${runs[0]?.toFixed(0)} ms); top 100 ${topMs.toFixed(1)} ms`,
    );
    // What one formula costs in SQL: the top 100 by rank_priority (the JS formula inside SQLite, as
    // the first screen and REST order) beside a plain ORDER BY on the stored score (baseline), median of 3.
    registerRankFunction(qdb);
    const median3 = (sql: string): number => {
      const xs = [0, 1, 2].map(() => {
        const t = performance.now();
        qdb.prepare(sql).pluck().all({ now: Date.now() });
        return performance.now() - t;
      });
      return xs.sort((a, b) => a - b)[1] as number;
    };
    const ranked = median3(`SELECT l.rowid FROM leads l WHERE l.outcome IS NULL ORDER BY ${rankOrderSql('NULL')} LIMIT 100`);
    const plain = median3(`SELECT l.rowid FROM leads l WHERE l.outcome IS NULL AND @now > 0 ORDER BY l.lead_score DESC, l.rowid LIMIT 100`);
    console.log(`top 100 open leads in SQL, 100,000 leads: by rank_priority ${ranked.toFixed(0)} ms; baseline, plain ORDER BY lead_score ${plain.toFixed(0)} ms`);
    qdb.close();
  } finally {
    tmp.cleanup();
  }
}
