import { DEFAULT_L2, sparseScores, trainSparseLogistic } from './sparse-logistic';
import {
  fitVocabulary,
  vectorizeCorpus,
  MAX_GRAM,
  tokenize,
  vectorizeTexts,
  vocabularyCounts,
  type LeadTexts,
  type RoleCorpus,
  type TextRole,
} from './text-features';

/** What one role's words say: a TF-IDF vocabulary with a logistic regression over it. */
export interface TextPart {
  role: TextRole;
  grams: string[];
  idf: number[];
  weights: number[];
  intercept: number;
}

/** A phrase's push on one lead's log-odds. */
export interface PhraseContribution {
  role: TextRole;
  phrase: string;
  count: number;
  contribution: number;
}

const indexes = new WeakMap<TextPart, Map<string, number>>();

function indexOf(part: TextPart): Map<string, number> {
  let index = indexes.get(part);
  if (!index) {
    index = new Map(part.grams.map((g, i) => [g, i]));
    indexes.set(part, index);
  }
  return index;
}

function pick(y: Uint8Array, rows: readonly number[]): Uint8Array {
  return Uint8Array.from(rows, (r) => y[r] as number);
}

/** Fits one role's vocabulary and weights on `rows` of the corpus (y indexed like the corpus). */
export function fitTextPart(corpus: RoleCorpus, y: Uint8Array, rows: readonly number[]): TextPart {
  const fitted = fitVocabulary(corpus, rows);
  const model = trainSparseLogistic(vectorizeCorpus(corpus, fitted, rows), pick(y, rows), DEFAULT_L2);
  return { role: corpus.role, grams: fitted.vocabulary.grams, idf: fitted.vocabulary.idf, weights: [...model.weights], intercept: model.intercept };
}

/** Out-of-fold log-odds of one role's text model: each fold scored by a model (and vocabulary) fitted without it. */
export function textOutOfFold(corpus: RoleCorpus, y: Uint8Array, folds: Uint8Array, k: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    folds.forEach((fold, i) => (fold === f ? test : train).push(i));
    const fitted = fitVocabulary(corpus, train);
    const model = trainSparseLogistic(vectorizeCorpus(corpus, fitted, train), pick(y, train), DEFAULT_L2);
    const s = sparseScores(vectorizeCorpus(corpus, fitted, test), model);
    test.forEach((row, j) => (out[row] = s[j] as number));
  }
  return out;
}

export function textPartScores(part: TextPart, texts: readonly LeadTexts[]): Float64Array {
  const x = vectorizeTexts({ grams: part.grams, idf: part.idf }, indexOf(part), texts.map((t) => t[part.role]));
  return sparseScores(x, part);
}

/**
 * The phrases of one lead that move its text score, each with its signed log-odds share (times
 * `scale`). Overlapping words and bigrams pushing the same way are merged into the span they
 * cover in what was said ("how soon can you start"), each gram's share split evenly over its
 * occurrences, so the spans add up to the text score's phrase part.
 */
export function phraseContributions(part: TextPart, texts: LeadTexts, scale: number): PhraseContribution[] {
  const turns = texts[part.role];
  const index = indexOf(part);
  const x = vectorizeTexts({ grams: part.grams, idf: part.idf }, index, [turns]);
  const counts = vocabularyCounts(index, turns);
  const perOccurrence = new Map<number, number>();
  for (let k = 0; k < x.indices.length; k++) {
    const c = x.indices[k] as number;
    perOccurrence.set(c, (scale * (x.values[k] as number) * (part.weights[c] as number)) / (counts.get(c) ?? 1));
  }
  const spans = new Map<string, PhraseContribution>();
  for (const turn of turns) {
    const tokens = tokenize(turn);
    let span: { from: number; to: number; sum: number } | null = null;
    const close = (): void => {
      if (!span) return;
      const phrase = tokens.slice(span.from, span.to).join(' ');
      const known = spans.get(phrase) ?? { role: part.role, phrase, count: 0, contribution: 0 };
      known.count++;
      known.contribution += span.sum;
      spans.set(phrase, known);
      span = null;
    };
    for (let i = 0; i < tokens.length; i++) {
      let gram = '';
      for (let n = 1; n <= MAX_GRAM && i + n <= tokens.length; n++) {
        gram = n === 1 ? (tokens[i] as string) : `${gram} ${tokens[i + n - 1] as string}`;
        const c = index.get(gram);
        const share = c === undefined ? 0 : (perOccurrence.get(c) ?? 0);
        if (share === 0) continue;
        const current = span as { from: number; to: number; sum: number } | null;
        if (current && i < current.to && Math.sign(share) === Math.sign(current.sum)) {
          current.to = Math.max(current.to, i + n);
          current.sum += share;
        } else {
          close();
          span = { from: i, to: i + n, sum: share };
        }
      }
    }
    close();
  }
  return [...spans.values()];
}

/** The phrases with the largest weights either way: what this part of the model learned. */
export function strongestPhrases(part: TextPart, scale: number, top: number): Array<{ role: TextRole; phrase: string; weight: number }> {
  return part.grams
    .map((phrase, c) => ({ role: part.role, phrase, weight: scale * (part.weights[c] as number) }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, top);
}
