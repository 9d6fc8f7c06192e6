import type { TranscriptWord } from '../../../../shared/transcript';

export interface SpottedPhrase {
  phrase: string;
  start: number;
  end: number;
}

function overlaps(word: TranscriptWord, phrase: SpottedPhrase): boolean {
  const mid = (word.start + word.end) / 2;
  return mid >= phrase.start && mid <= phrase.end;
}

function letterDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(Math.min((previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1), (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** 1 for the same letters, 0 for nothing in common; spaces ignored ("knot in trusted" ~ "not interested"). */
export function spellingSimilarity(heard: string, phrase: string): number {
  const a = heard.replace(/\s+/g, '');
  const b = phrase.replace(/\s+/g, '');
  if (a.length === 0 && b.length === 0) return 1;
  return 1 - letterDistance(a, b) / Math.max(a.length, b.length);
}

/** Below this the LM heard something clearly different, and the spotter is more likely a false alarm. */
const MIN_SIMILARITY = 0.4;

/**
 * Folds keyword-spotting hits into the language-model words. Where the LM heard a near-miss spelling over a
 * spotted phrase's span ("knot in trusted"), or nothing at all, the phrase wins: the spotter is tuned per rubric
 * phrase, the LM is generic. Where the LM heard something unlike the phrase ("americans" for "call back"), the
 * LM is kept: on the benchmark those were the spotter's false alarms.
 */
export function mergeKeyphrases(words: TranscriptWord[], spotted: SpottedPhrase[]): TranscriptWord[] {
  let result = [...words];
  for (const hit of [...spotted].sort((a, b) => a.start - b.start)) {
    const phrase = hit.phrase.trim();
    const phraseWords = phrase.split(/\s+/).filter((w) => w !== '');
    if (phraseWords.length === 0) continue;
    const heard = result.filter((w) => overlaps(w, hit)).map((w) => w.word).join(' ');
    if (` ${heard} `.includes(` ${phrase} `)) continue;
    if (heard !== '' && spellingSimilarity(heard, phrase) < MIN_SIMILARITY) continue;
    const span = (hit.end - hit.start) / phraseWords.length;
    const inserted = phraseWords.map((word, i) => ({ word, start: hit.start + i * span, end: hit.start + (i + 1) * span }));
    result = [...result.filter((w) => !overlaps(w, hit)), ...inserted].sort((a, b) => a.start - b.start);
  }
  return result;
}
