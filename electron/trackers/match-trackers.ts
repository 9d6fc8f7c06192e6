import { contentWord, cosine, sentenceFeatures, type SentenceFeatures } from './sentence-features';
import { alignedExamples } from './soft-alignment';
import type { TrackerModel } from './tracker-model';
import { EXTRA_FEATURES, similarityFeatures, type TrackerReference } from './train-tracker';

/** One sentence of a call, as trackers read it. */
export interface SpokenSentence {
  text: string;
  speaker: string;
  start: number;
}

export interface TrackerHit {
  trackerId: string;
  quote: string;
  start: number;
  speaker: string;
  /** Probability the sentence says the concept, 0..1, rounded to 2 decimals. */
  confidence: number;
}

/** A model made ready to score: vectors as typed arrays, read once per model. */
export interface CompiledTracker {
  model: TrackerModel;
  reference: TrackerReference;
  vectorWeights: Float32Array;
  termWeights: Map<string, number>;
}

export function compileTracker(model: TrackerModel): CompiledTracker {
  return {
    model,
    reference: {
      positives: model.positives.map((v) => Float32Array.from(v)),
      negatives: model.negatives.map((v) => Float32Array.from(v)),
      alignedPositives: alignedExamples(model.positiveWords.map((ws) => ws.map(contentWord))),
      alignedNegatives: alignedExamples(model.negativeWords.map((ws) => ws.map(contentWord))),
      keywords: model.keywords,
    },
    vectorWeights: Float32Array.from(model.vectorWeights),
    termWeights: new Map(Object.entries(model.termWeights)),
  };
}

/**
 * Whether a sentence's speaker can say a tracker's concept. A mono recording labels everyone
 * "speaker"; since we cannot tell who said it, such sentences pass any filter.
 */
export function speakerFits(filter: string, speaker: string): boolean {
  return filter === 'any' || speaker === filter || (speaker !== 'agent' && speaker !== 'customer');
}

/** Stored vectors are rounded to 3 decimals: a sentence's own vector is within this of its stored one. */
const SAME_VECTOR = 0.002;

/**
 * Whether the sentence is one of the tracker's "not this" sentences, word for word (the same content
 * words, the same meaning vector): a hit marked wrong. One such sentence among a team's examples
 * cannot always outweigh them (its own likeness to the examples still counts for the concept), and
 * marking it wrong promises it stops matching.
 */
function isNotThisSentence(t: CompiledTracker, f: SentenceFeatures): boolean {
  return t.reference.negatives.some((v, i) => {
    const words = t.model.negativeWords[i] ?? [];
    if (words.length !== f.content.length || words.some((w, k) => w !== f.content[k]!.word)) return false;
    for (let d = 0; d < v.length; d++) if (Math.abs(v[d]! - f.vector[d]!) > SAME_VECTOR) return false;
    return true;
  });
}

/**
 * `expertFeatures`: the sentence's StackedExpert features for a model trained with one (an experiment's;
 * train-tracker.ts), weighted by the extra weights after similarityFeatures'.
 */
export function trackerProbability(t: CompiledTracker, f: SentenceFeatures, expertFeatures: readonly number[] = []): number {
  if (f.terms.length === 0 || isNotThisSentence(t, f)) return 0;
  let z = t.model.bias;
  for (const term of new Set(f.terms)) z += t.termWeights.get(term) ?? 0;
  z += cosine(t.vectorWeights, f.vector);
  similarityFeatures(f, t.reference).forEach((x, k) => (z += (t.model.extraWeights[k] ?? 0) * x));
  expertFeatures.forEach((x, k) => (z += (t.model.extraWeights[EXTRA_FEATURES + k] ?? 0) * x));
  return 1 / (1 + Math.exp(-z));
}

/** Long unpunctuated speech is read in windows of this many words, so one hit quotes a readable span. */
const WINDOW_WORDS = 40;

/** Splits a turn into sentences on end punctuation, and over-long runs into word windows. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  // Titles like "Dr." end no sentence.
  for (const part of text.split(/(?<!\b(?:dr|mr|mrs|ms|st|jr|sr|vs|etc)\.)(?<=[.?!])\s+/i)) {
    const words = part.trim().split(/\s+/).filter((w) => w.length > 0);
    for (let i = 0; i < words.length; i += WINDOW_WORDS) out.push(words.slice(i, i + WINDOW_WORDS).join(' '));
  }
  return out;
}

/** Every hit of every tracker in the sentences, best first within a tracker's hits. */
export function matchSentences(trackers: readonly CompiledTracker[], sentences: readonly SpokenSentence[]): TrackerHit[] {
  const hits: TrackerHit[] = [];
  const cache = new Map<string, SentenceFeatures>();
  for (const s of sentences) {
    const wanted = trackers.filter((t) => speakerFits(t.model.speaker, s.speaker));
    if (wanted.length === 0) continue;
    let f = cache.get(s.text);
    if (!f) {
      f = sentenceFeatures(s.text);
      cache.set(s.text, f);
    }
    for (const t of wanted) {
      const p = trackerProbability(t, f);
      if (p >= t.model.threshold) {
        hits.push({ trackerId: t.model.id, quote: s.text, start: s.start, speaker: s.speaker, confidence: Math.round(p * 100) / 100 });
      }
    }
  }
  return hits;
}
