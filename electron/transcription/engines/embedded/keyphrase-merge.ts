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

/**
 * Folds keyword-spotting hits into the language-model words: where the LM heard something else over a spotted
 * phrase's span, the phrase wins (the spotter is tuned per phrase for the rubric, the LM is generic).
 */
export function mergeKeyphrases(words: TranscriptWord[], spotted: SpottedPhrase[]): TranscriptWord[] {
  let result = [...words];
  for (const hit of [...spotted].sort((a, b) => a.start - b.start)) {
    const covered = result.filter((w) => overlaps(w, hit));
    const heard = covered.map((w) => w.word).join(' ');
    if (` ${heard} `.includes(` ${hit.phrase.trim()} `)) continue;
    const phraseWords = hit.phrase.trim().split(/\s+/).filter((w) => w !== '');
    if (phraseWords.length === 0) continue;
    const span = (hit.end - hit.start) / phraseWords.length;
    const inserted = phraseWords.map((word, i) => ({ word, start: hit.start + i * span, end: hit.start + (i + 1) * span }));
    result = [...result.filter((w) => !overlaps(w, hit)), ...inserted].sort((a, b) => a.start - b.start);
  }
  return result;
}
