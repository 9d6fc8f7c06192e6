import { evalSplit } from './tests/fixtures/trackers/eval-set';
import { builtInTrackers } from './electron/trackers/built-in-trackers';
import { scoreEvalSet } from './tests/bench/trackers/score-eval-set';
import { trackerMatcher } from './tests/bench/trackers/tracker-matcher';
import { compileTracker } from './electron/trackers/match-trackers';
const t0 = Date.now();
const trackers = builtInTrackers();
console.log('train ms', Date.now() - t0);
const dev = evalSplit('dev');
for (const th of [0.3, 0.4, 0.5, 0.6, 0.7]) {
  const ts = trackers.map((t) => compileTracker({ ...t.model, threshold: th }));
  const r = scoreEvalSet(dev, trackerMatcher(ts));
  console.log(th, 'macroR', r.macroRecall.toFixed(3), 'macroP', r.macroPrecision.toFixed(3), 'FA', r.falseAlarmRate.toFixed(3));
  if (th === 0.5) for (const c of r.perConcept) console.log('  ', c.concept.padEnd(24), c.recall.toFixed(2), c.precision.toFixed(2));
}
if (process.argv[2] === 'miss') {
  const ts = trackers;
  const m = trackerMatcher(ts);
  for (const s of dev) { const f = m(s); const miss = s.concepts.filter((c) => !f.has(c)); const extra=[...f].filter((c)=>!s.concepts.includes(c as never)); if (miss.length||extra.length) console.log(s.speaker, JSON.stringify(s.text), 'miss', miss.join(','), 'extra', extra.join(',')); }
}
