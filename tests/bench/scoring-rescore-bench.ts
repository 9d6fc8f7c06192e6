import { analyseCall } from '../../electron/analysis/analyse-call';
import { scoreCompact } from '../../electron/scoring/bulk-scorer';
import { CompactFeatureSet } from '../../electron/scoring/compact-feature-set';
import { DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC } from '../../electron/scoring/default-rubrics';
import { scoreCallFeatures } from '../../electron/scoring/score-call';
import type { CallFeatures } from '../../shared/scoring/call-features';
import { parseRubric, type Rubric } from '../../shared/scoring/rubric';
import { runPersistedRescoreBench } from './persisted-rescore-bench';
import { rng, syntheticCall } from './scoring-synthetic-calls';

const ms = (t0: number): string => `${(performance.now() - t0).toFixed(1)} ms`;

/**
 * 100k calls' features: 2,000 really analysed calls, each repeated with its own duration, caller
 * history and attributes, so every copy scores on its own values.
 */
export function hundredThousandFeatures(n = 100_000): CallFeatures[] {
  const r = rng(2024);
  const distinct = Array.from({ length: 2000 }, () => analyseCall(syntheticCall(r)));
  return Array.from({ length: n }, (_, i) => {
    const base = distinct[i % distinct.length] as CallFeatures;
    const prior = Math.floor(r() * 4);
    return {
      ...base,
      durationS: Math.round(10 + r() * 600),
      caller: { ...base.caller, priorCalls: prior, callCount: prior + 1, isRepeat: prior > 0, attributes: { budget: Math.round(r() * 20000), homeowner: r() < 0.7 ? 'Yes' : 'No' } },
    };
  });
}

function weightEdit(rubric: Rubric): Rubric {
  return parseRubric({ ...rubric, criteria: rubric.criteria.map((c, i) => (i === 0 ? { ...c, weight: c.weight * 1.25 } : c)) });
}

export async function runRescoreBench(): Promise<void> {
  let t0 = performance.now();
  const features = hundredThousandFeatures();
  console.log(`generated ${features.length} calls' features (2,000 analysed, varied copies): ${ms(t0)}`);
  const json = features.map((f) => JSON.stringify(f));

  // Baseline: the per-call path a job runner uses — parse the stored JSON, evaluate each criterion with evidence.
  t0 = performance.now();
  let check = 0;
  for (const s of json) {
    const f = JSON.parse(s) as CallFeatures;
    check += scoreCallFeatures(f, DEFAULT_LEAD_RUBRIC).score + scoreCallFeatures(f, DEFAULT_QA_RUBRIC).score;
  }
  console.log(`baseline per-call scoring (JSON.parse + scoreCallFeatures, lead + QA) of 100k: ${ms(t0)}  [checksum ${check.toFixed(0)}]`);
  t0 = performance.now();
  check = 0;
  for (const f of features) check += scoreCallFeatures(f, DEFAULT_LEAD_RUBRIC).score + scoreCallFeatures(f, DEFAULT_QA_RUBRIC).score;
  console.log(`baseline per-call scoring from in-memory objects (lead + QA) of 100k: ${ms(t0)}`);

  t0 = performance.now();
  const set = new CompactFeatureSet(features);
  console.log(`build columnar feature set for 100k: ${ms(t0)}`);
  t0 = performance.now();
  scoreCompact(set, DEFAULT_LEAD_RUBRIC);
  scoreCompact(set, DEFAULT_QA_RUBRIC);
  console.log(`first columnar scoring (lead + QA, includes the QA rubric's one-off phrase scan): ${ms(t0)}`);
  const lead = weightEdit(DEFAULT_LEAD_RUBRIC);
  const qa = weightEdit(DEFAULT_QA_RUBRIC);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let total = 0;
  for (let rep = 0; rep < 7; rep++) {
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const a = scoreCompact(set, lead);
    const b = scoreCompact(set, qa);
    const cpu = process.cpuUsage(cpu0);
    times.push(performance.now() - t0);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    total += (a.score[rep] ?? 0) + (b.score[rep] ?? 0);
  }
  times.sort((x, y) => x - y);
  cpuTimes.sort((x, y) => x - y);
  console.log(
    `RE-SCORE after a weight edit, 100k calls x (lead + QA rubric), columnar: wall median ${times[3]?.toFixed(1)} ms ` +
      `(min ${times[0]?.toFixed(1)}, max ${times[6]?.toFixed(1)}), CPU median ${cpuTimes[3]?.toFixed(1)} ms — target < 250 ms  [checksum ${total.toFixed(0)}]`,
  );

  // The same persisted in the database, beside today's path.
  runPersistedRescoreBench(json);
}
