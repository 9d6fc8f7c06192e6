import { spellNumbers } from './spoken-numbers';

/**
 * A small trigram language model of call-centre speech, written as ARPA text for pocketsphinx. Built in
 * memory from sentences (the trackers' examples and everyday call chatter) plus a general vocabulary ranked by
 * frequency, so words outside the sentences can still be heard. Absolute discounting, interpolated with the
 * lower order and written as backoff weights (the ARPA form of an interpolated model).
 */

export interface DomainLanguageModelInput {
  sentences: readonly string[];
  /** General English words, most frequent first: they share the unigram mass the sentences leave. */
  generalWords: readonly string[];
  /** Words the decoder can pronounce; anything else breaks the n-gram context. */
  pronounceable: (word: string) => boolean;
  /** Share of the unigram mass given to the sentences' words (the rest follows the general ranking). */
  domainWeight?: number;
}

export interface DomainLanguageModel {
  arpa: string;
  words: string[];
  /** The decoder's language weight (-lw) with this model; absent, pocketsphinx's default (6.5). */
  languageWeight?: number;
}

const DISCOUNT = 0.7;
const BOS = '<s>';
const EOS = '</s>';

/** Lower-case words as the dictionary spells them; "price-wise" is two words, numbers are spelled as spoken. */
export function lmTokens(sentence: string): string[] {
  return spellNumbers(sentence)
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .split(/[^a-z0-9']+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w !== '');
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Per history (an n-gram without its last word): how often it occurs, and how many distinct words follow it. */
function historyTotals(counts: ReadonlyMap<string, number>): [Map<string, number>, Map<string, number>] {
  const totals = new Map<string, number>();
  const followers = new Map<string, number>();
  for (const [k, c] of counts) {
    const h = k.slice(0, k.lastIndexOf(' '));
    bump(totals, h, c);
    bump(followers, h);
  }
  return [totals, followers];
}

const log10 = (x: number): string => (x > 0 ? Math.log10(x).toFixed(4) : '-99');

export function buildDomainLanguageModel(input: DomainLanguageModelInput): DomainLanguageModel {
  const c1 = new Map<string, number>();
  const c2 = new Map<string, number>();
  const c3 = new Map<string, number>();
  for (const sentence of input.sentences) {
    // An unpronounceable word (a number, a name the dictionary lacks) splits the sentence in two runs.
    const runs: string[][] = [[]];
    for (const w of lmTokens(sentence)) {
      if (input.pronounceable(w)) runs[runs.length - 1]!.push(w);
      else if (runs[runs.length - 1]!.length > 0) runs.push([]);
    }
    for (const run of runs) {
      if (run.length === 0) continue;
      const seq = [BOS, ...run, EOS];
      for (let i = 1; i < seq.length; i++) {
        bump(c1, seq[i]!);
        bump(c2, `${seq[i - 1]} ${seq[i]}`);
        if (i >= 2) bump(c3, `${seq[i - 2]} ${seq[i - 1]} ${seq[i]}`);
      }
    }
  }
  const lambda = input.domainWeight ?? 0.5;
  const domainTotal = [...c1.values()].reduce((s, c) => s + c, 0);
  const general = input.generalWords.filter((w) => input.pronounceable(w));
  // Zipf: p(w) ~ 1/rank.
  const zipfNorm = general.reduce((s, _, i) => s + 1 / (i + 1), 0);
  const p1 = new Map<string, number>();
  general.forEach((w, i) => p1.set(w, ((1 - lambda) * (1 / (i + 1))) / zipfNorm));
  for (const [w, c] of c1) p1.set(w, (p1.get(w) ?? 0) + (lambda * c) / domainTotal);
  if (general.length === 0) for (const [w, c] of c1) p1.set(w, c / domainTotal);

  const [hist2, follow2] = historyTotals(c2);
  const [hist3, follow3] = historyTotals(c3);
  const gamma2 = (h: string): number => (hist2.has(h) ? (DISCOUNT * follow2.get(h)!) / hist2.get(h)! : 1);
  const gamma3 = (h: string): number => (hist3.has(h) ? (DISCOUNT * follow3.get(h)!) / hist3.get(h)! : 1);
  const prob1 = (w: string): number => p1.get(w) ?? 0;
  const prob2 = new Map<string, number>();
  for (const [k, c] of c2) {
    const sp = k.lastIndexOf(' ');
    const h = k.slice(0, sp);
    prob2.set(k, (c - DISCOUNT) / hist2.get(h)! + gamma2(h) * prob1(k.slice(sp + 1)));
  }
  const full2 = (v: string, w: string): number => prob2.get(`${v} ${w}`) ?? gamma2(v) * prob1(w);

  const lines: string[] = [];
  const unigrams = [BOS, ...p1.keys()];
  lines.push('\\data\\', `ngram 1=${unigrams.length}`, `ngram 2=${c2.size}`, `ngram 3=${c3.size}`, '', '\\1-grams:');
  for (const w of unigrams) lines.push(`${w === BOS ? '-99' : log10(prob1(w))} ${w} ${log10(gamma2(w))}`);
  lines.push('', '\\2-grams:');
  for (const [k, p] of prob2) lines.push(`${log10(p)} ${k} ${log10(gamma3(k))}`);
  lines.push('', '\\3-grams:');
  for (const [k, c] of c3) {
    const parts = k.split(' ');
    const h = `${parts[0]} ${parts[1]}`;
    lines.push(`${log10((c - DISCOUNT) / hist3.get(h)! + gamma3(h) * full2(parts[1]!, parts[2]!))} ${k}`);
  }
  lines.push('', '\\end\\', '');
  return { arpa: lines.join('\n'), words: [...p1.keys()].filter((w) => w !== EOS) };
}
