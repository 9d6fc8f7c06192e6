import stopwordList from '../../resources/lexicons/stopwords-en.json';

const STOPWORDS = new Set(stopwordList.words);
const WORD = /[a-z0-9][a-z0-9'-]*/g;

export interface KeyphraseResult {
  keywords: string[];
  keyphrases: Array<{ phrase: string; score: number }>;
}

function candidatePhrases(text: string): string[][] {
  const phrases: string[][] = [];
  // Punctuation ends a candidate as well as a stop word does (RAKE's delimiters).
  for (const clause of text.toLowerCase().replace(/’/g, "'").split(/[.,;:!?()"\n]+/)) {
    let current: string[] = [];
    for (const m of clause.matchAll(WORD)) {
      const w = m[0].replace(/'s$/, '');
      if (STOPWORDS.has(w) || w.length < 3 || /^\d+$/.test(w)) {
        if (current.length) phrases.push(current);
        current = [];
      } else current.push(w);
    }
    if (current.length) phrases.push(current);
  }
  return phrases.filter((p) => p.length <= 4);
}

/** RAKE: a word scores degree/frequency; a phrase the sum of its words. Needs no corpus, so a call is analysed alone. */
export function extractKeyphrases(texts: string[], maxKeywords = 10, maxPhrases = 8): KeyphraseResult {
  const phrases = texts.flatMap(candidatePhrases);
  const freq = new Map<string, number>();
  const degree = new Map<string, number>();
  for (const p of phrases) {
    for (const w of p) {
      freq.set(w, (freq.get(w) ?? 0) + 1);
      degree.set(w, (degree.get(w) ?? 0) + p.length);
    }
  }
  const wordScore = (w: string): number => (degree.get(w) ?? 0) / (freq.get(w) ?? 1);
  const phraseScores = new Map<string, number>();
  for (const p of phrases) {
    if (p.length < 2) continue;
    const key = p.join(' ');
    const score = p.reduce((s, w) => s + wordScore(w), 0);
    phraseScores.set(key, Math.max(phraseScores.get(key) ?? 0, score));
  }
  const keyphrases = [...phraseScores]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, maxPhrases)
    .map(([phrase, score]) => ({ phrase, score: Math.round(score * 100) / 100 }));
  const keywords = [...freq]
    .sort((a, b) => b[1] - a[1] || wordScore(b[0]) - wordScore(a[0]) || a[0].localeCompare(b[0]))
    .slice(0, maxKeywords)
    .map(([w]) => w);
  return { keywords, keyphrases };
}
