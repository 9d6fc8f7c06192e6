import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fitModel, prepareTable } from '../../electron/scoring/model/conversion-model';
import { evaluate } from '../../electron/scoring/model/cross-validate';
import { labelledTableFromCsv } from '../../electron/scoring/model/csv-dataset';
import { runRealDataChecks } from './scoring-real-data';
import { runPersuasionBench } from './scoring-persuasion';
import { runRescoreBench } from './scoring-rescore-bench';
import { sharedDir } from '../fixtures/shared-dir';

const DATA = sharedDir('data');
const BANK = resolve(DATA, 'uci-bank-marketing/bank-full.csv');
const LEADS = resolve(DATA, 'x-education-leads/Leads.csv');

function cvLine(name: string, path: string, label: string, exclude: string[], target: number): void {
  const { table, y } = labelledTableFromCsv(path, label);
  const t0 = performance.now();
  const { report } = evaluate(table, y, { folds: 5, exclude });
  const secs = (performance.now() - t0) / 1000;
  const pass = report.auc >= target ? 'PASS' : 'FAIL';
  console.log(
    `${name}: 5-fold CV AUC ${report.auc.toFixed(4)} (${report.algorithm}; gbdt ${report.aucByAlgorithm.gbdt.toFixed(4)}, ` +
      `logistic ${report.aucByAlgorithm.logistic.toFixed(4)}) folds [${report.foldAuc.map((a) => a.toFixed(3)).join(', ')}] ` +
      `rows ${report.rows} positives ${report.positives}, Brier ${report.brier.toFixed(4)}, CV of both models ${secs.toFixed(1)} s — target >= ${target} ${pass}`,
  );
}

function trainTime(): void {
  const { table, y } = labelledTableFromCsv(BANK, 'y');
  const prepared = prepareTable(table);
  for (const algorithm of ['gbdt', 'gbdt', 'logistic'] as const) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const m = fitModel(prepared, prepared.table.values, y, algorithm);
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `train ${algorithm} on ${y.length} rows x ${prepared.columns.length} columns: wall ${((performance.now() - t0) / 1000).toFixed(2)} s, ` +
        `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s${m.gbdt ? ` (${m.gbdt.trees.length} trees)` : ''} — target < 3 s`,
    );
  }
}

function runBankBench(): void {
  if (existsSync(BANK)) {
    cvLine('bank-full with duration', BANK, 'y', [], 0.92);
    cvLine('bank-full --exclude duration', BANK, 'y', ['duration'], 0.78);
    trainTime();
  } else console.log(`skipped bank benchmarks: ${BANK} not found`);
}

export async function runScoringBench(): Promise<void> {
  console.log(`node ${process.version}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  runBankBench();
  if (existsSync(LEADS)) cvLine('x-education --exclude "Tags,Lead Quality"', LEADS, 'Converted', ['Tags', 'Lead Quality'], 0.91);
  else console.log(`skipped x-education benchmark: ${LEADS} not found`);
  runPersuasionBench();
  await runRescoreBench();
  runRealDataChecks();
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  // `tsx tests/bench/scoring.ts rescore|real|persuasion|bank` runs only that part.
  const only = process.argv[2];
  const run =
    only === 'rescore'
      ? runRescoreBench()
      : only === 'real'
        ? Promise.resolve(runRealDataChecks())
        : only === 'persuasion'
          ? Promise.resolve(runPersuasionBench())
          : only === 'bank'
            ? Promise.resolve(runBankBench())
            : runScoringBench();
  run.catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
