import type { WinkMethods } from 'wink-nlp';
import { winkNlp } from '../analysis/wink-nlp';
import { companyMentions } from './company-names';
import { wordCluster } from './word-clusters';
import { alignmentVectors, wordVectors } from './word-vectors';

/**
 * What a tracker sees of one sentence: lemma terms (unigrams and bigrams, marked when inside a
 * negation's scope) and a meaning vector. Computed once per sentence and shared by every tracker.
 */
export interface SentenceFeatures {
  /** Lower-cased text, for keyword checks. */
  normal: string;
  terms: string[];
  /** [mean vector of words outside negation, mean vector of negated words], each unit or zero. */
  vector: Float32Array;
  /** The words soft alignment matches (soft-alignment.ts): all but the most frequent function words. */
  content: ContentWord[];
  /** A company of the gazetteer is named (company-names.ts); the keyword <company> reads it. */
  company: boolean;
}

export interface ContentWord {
  /** The word as said (its lemma when only the lemma has a vector). */
  word: string;
  /** Rarer words weigh more (wordWeight). */
  weight: number;
  /** Its alignmentVectors row. */
  vector: Float32Array | undefined;
}

/** Words this frequent ("the", "to", "you") say nothing an alignment should reward. */
const ALIGN_FROM_RANK = 50;

/**
 * The passes whose annotations sentenceFeatures reads: sentences (negation scopes end with them),
 * negation, and part of speech (lemmas and names). Entities and sentiment change no token's type,
 * lemma, negation or part of speech, so they are not run (tests/unit/trackers/wink-passes.test.ts).
 */
export const TRACKER_PASSES = ['sbd', 'negation', 'pos'] as const;
const nlp = (): WinkMethods => winkNlp(TRACKER_PASSES);

/**
 * Speech recognisers and quick typists drop apostrophes; the tagger reads "dont" but not "im",
 * "youre" or "thats", so they are restored before tagging.
 */
const APOSTROPHE_LESS: Record<string, string> = {
  im: "i'm", youre: "you're", thats: "that's", whats: "what's", theres: "there's", ive: "i've",
  isnt: "isn't", arent: "aren't", wasnt: "wasn't", werent: "weren't", doesnt: "doesn't", didnt: "didn't",
  cant: "can't", couldnt: "couldn't", wouldnt: "wouldn't", shouldnt: "shouldn't", wont: "won't",
  hes: "he's", shes: "she's", theyre: "they're", weve: "we've", youve: "you've", lets: "let's",
  youll: "you'll", itll: "it'll", aint: "ain't", gonna: 'going to', wanna: 'want to', gotta: 'got to',
};

const SOFT_NEGATORS = new Set(['without']);

export function normaliseSentence(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/[a-z]+/g, (w) => APOSTROPHE_LESS[w] ?? w)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Frequent words carry little meaning; weight a/(a + p(w)) with Zipf p(w) ~ 1/rank (as SIF does). */
function wordWeight(rank: number | undefined): number {
  return rank === undefined ? 1 : rank / (rank + 60);
}

function addInto(sum: Float32Array, offset: number, v: Float32Array, w: number): void {
  for (let d = 0; d < v.length; d++) sum[offset + d] = (sum[offset + d] ?? 0) + v[d]! * w;
}

function normaliseHalf(vec: Float32Array, offset: number, dim: number): void {
  let n = 0;
  for (let d = 0; d < dim; d++) n += vec[offset + d]! ** 2;
  n = Math.sqrt(n);
  if (n > 0) for (let d = 0; d < dim; d++) vec[offset + d] = vec[offset + d]! / n;
}

/** A stored content word (a model's example words) as sentenceFeatures read it. */
export function contentWord(word: string): ContentWord {
  const vectors = wordVectors();
  return { word, weight: wordWeight(vectors.rank(word)), vector: alignmentVectors().vector(word) };
}

export function sentenceFeatures(text: string): SentenceFeatures {
  const normal = normaliseSentence(text);
  const vectors = wordVectors();
  const dim = vectors.dimensions;
  const vector = new Float32Array(dim * 2);
  const terms: string[] = [];
  const content: ContentWord[] = [];
  // Read from the text as written: capitals tell "we're with Progressive" from "progressive rock".
  const company = companyMentions(text).length > 0;
  if (normal === '') return { normal, terms, vector, content, company };
  const doc = nlp().readDoc(normal);
  const its = nlp().its;
  const types = doc.tokens().out(its.type);
  // wink-nlp types its.lemma with an addons parameter its own ItsFunction type does not declare.
  const lemmas = doc.tokens().out(its.lemma as unknown as typeof its.normal);
  const normals = doc.tokens().out(its.normal);
  const negated = doc.tokens().out(its.negationFlag);
  const pos = doc.tokens().out(its.pos);
  // wink-nlp opens a negation scope after "without" too, but "how much is it without insurance?"
  // still asks the price: only a scope opened by an outright negator negates what follows.
  let suppressed = false;
  for (let i = 0; i < negated.length; i++) {
    if (negated[i] && !negated[i - 1]) suppressed = SOFT_NEGATORS.has(normals[i - 1] ?? '');
    if (!negated[i]) suppressed = false;
    if (suppressed) negated[i] = false;
  }
  const words: string[] = [];
  const clusterTerms: string[] = [];
  let anyNegation = false;
  let question = false;
  types.forEach((type, i) => {
    if (type === 'punctuation' && normals[i] === '?') question = true;
    if (type !== 'word' && type !== 'number') return;
    const lemma = type === 'number' ? '<num>' : (lemmas[i] ?? '');
    const neg = negated[i] === true;
    if (neg) anyNegation = true;
    const term = neg ? `not:${lemma}` : lemma;
    words.push(term);
    // A name (a person, a company) matters to introductions and competitors whatever the name is.
    if (pos[i] === 'PROPN' && i > 0) terms.push('<name>');
    const surface = normals[i] ?? '';
    // Near-synonyms share a cluster term, so an example teaches the words it did not use.
    const cluster = wordCluster(surface) ?? wordCluster(lemma);
    if (cluster !== undefined) clusterTerms.push(neg ? `not:~${cluster}` : `~${cluster}`);
    const own = vectors.vector(surface);
    const v = own ?? vectors.vector(lemma);
    const rank = vectors.rank(surface) ?? vectors.rank(lemma);
    if (v) addInto(vector, neg ? dim : 0, v, wordWeight(rank));
    if (type === 'word' && (rank === undefined || rank > ALIGN_FROM_RANK)) {
      const word = own || !v ? surface : lemma;
      content.push({ word, weight: wordWeight(rank), vector: alignmentVectors().vector(word) });
    }
  });
  normaliseHalf(vector, 0, dim);
  normaliseHalf(vector, dim, dim);
  terms.push(...words, ...clusterTerms);

  for (let i = 0; i + 1 < words.length; i++) terms.push(`${words[i]}_${words[i + 1]}`);
  // Skip-bigrams keep a pair across one word between: "call me back" and "call him back" share call__back.
  for (let i = 0; i + 2 < words.length; i++) terms.push(`${words[i]}__${words[i + 2]}`);
  if (words.length > 0) terms.push(`^${words[0]}`);
  if (anyNegation) terms.push('<negation>');
  if (question) terms.push('<question>');
  if (words.length <= 3) terms.push('<short>');
  return { normal, terms, vector, content, company };
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
  return s;
}
