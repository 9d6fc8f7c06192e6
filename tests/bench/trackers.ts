import { analyseCall } from '../../electron/analysis/analyse-call';
import { builtInTrackers } from '../../electron/trackers/built-in-trackers';
import { trackCall } from '../../electron/trackers/call-trackers';
import { BACKGROUND_SENTENCES } from '../../electron/trackers/train-tracker-set';
import { evalSplit } from '../fixtures/trackers/eval-set';
import { holdoutSentences } from '../fixtures/trackers/holdout-set';
import { pricingAndBookingCall, transcriptOf } from '../unit/scoring/fixtures/example-calls';
import { DEFAULT_INTENT_PATTERNS, checkScript, detectIntents } from './trackers/regex-baseline';
import { scoreEvalSet, type ConceptMatcher, type EvalFigures, type LabelledSentence } from './trackers/score-eval-set';
import { trackerMatcher } from './trackers/tracker-matcher';

/** Today's (pre-tracker) regex matcher on one sentence, for the baseline column. */
const regexMatcher: ConceptMatcher = (s) => {
  const u = [{ speaker: s.speaker, start: 0, text: s.text }];
  const found = detectIntents(u, DEFAULT_INTENT_PATTERNS).map((h) => h.id);
  for (const c of checkScript(u, DEFAULT_INTENT_PATTERNS, null)) if (c.found) found.push(c.id);
  return new Set(found);
};

const pct = (x: number): string => x.toFixed(2);

function printSplit(split: string, sentences: readonly LabelledSentence[]): { trackers: EvalFigures; regex: EvalFigures } {
  const trackers = scoreEvalSet(sentences, trackerMatcher(builtInTrackers()));
  const regex = scoreEvalSet(sentences, regexMatcher);
  console.log(`\n${split}: ${sentences.length} sentences, ${trackers.negatives} hard negatives`);
  console.log(`${'concept'.padEnd(25)} trackers P / R    regex P / R   (positives)`);
  trackers.perConcept.forEach((t, i) => {
    const r = regex.perConcept[i]!;
    console.log(
      `${t.concept.padEnd(25)} ${pct(t.precision)} / ${pct(t.recall)}     ${pct(r.precision)} / ${pct(r.recall)}   (${t.truePositives + t.falseNegatives})`,
    );
  });
  for (const [name, f] of [['trackers', trackers], ['regex baseline', regex]] as const) {
    console.log(
      `${split} ${name}: macro recall ${pct(f.macroRecall)}, macro precision ${pct(f.macroPrecision)}, ` +
        `false alarms on ${(f.falseAlarmRate * 100).toFixed(1)}% of negatives` +
        (name === 'trackers' ? ' — target recall >= 0.90 at <= 5% false alarms' : ''),
    );
  }
  return { trackers, regex };
}

/** A ten-minute call: the seed's good call's turns and ordinary chatter, alternating sides, ~150 words a minute. */
function tenMinuteCall(): ReturnType<typeof pricingAndBookingCall> {
  const base = pricingAndBookingCall();
  const lines: [('agent' | 'customer'), number, number, string][] = [];
  const pool = [...(base.transcript?.segments.map((s) => s.text) ?? []), ...BACKGROUND_SENTENCES];
  let t = 0;
  for (let i = 0; t < 600; i++) {
    const text = `${pool[i % pool.length]!} ${pool[(i * 7 + 3) % pool.length]!}`;
    const secs = text.split(/\s+/).length / 2.5;
    lines.push([i % 2 === 0 ? 'agent' : 'customer', t, t + secs, text]);
    t += secs + 0.5;
  }
  return { ...base, transcript: transcriptOf(lines, 600), call: { ...base.call, durationS: 600 } };
}

function medianMs(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function runTrackersBench(): void {
  printSplit('dev', evalSplit('dev'));
  printSplit('held-out', holdoutSentences());
  printSplit('test', evalSplit('test'));
  const call = tenMinuteCall();
  const turns = call.transcript!.segments;
  const words = turns.reduce((n, s) => n + s.text.split(/\s+/).length, 0);
  analyseCall(call); // first use loads the vectors and models
  const full = medianMs(5, () => analyseCall(call));
  const trackersOnly = medianMs(5, () => trackCall(turns, builtInTrackers(), null));
  const regexOnly = medianMs(5, () => {
    detectIntents(turns, DEFAULT_INTENT_PATTERNS);
    checkScript(turns, DEFAULT_INTENT_PATTERNS, null);
  });
  console.log(
    `\nanalysis of one 10-minute transcript (${turns.length} turns, ${words} words), median of 5: ` +
      `${full.toFixed(0)} ms whole analysis, of which trackers ${trackersOnly.toFixed(0)} ms; regex baseline ${regexOnly.toFixed(1)} ms`,
  );
}
