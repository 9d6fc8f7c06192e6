/**
 * Rubric phrases for the embedded engine's keyword-spotting pass, with pocketsphinx thresholds. Picked with
 * tests/bench/transcription-kws-tune.ts (espeak-ng call lines in two voices + LibriSpeech + JFK as negatives):
 * each threshold is the loosest that caught the phrase with no or one false alarm over the 33 files. Long words
 * need looser thresholds (more phones, lower path score). "wrong number" and "this call is recorded" are left to
 * the language model: the spotter never caught them at any threshold from 1e-5 to 1e-60.
 */
export interface Keyphrase {
  phrase: string;
  threshold: number;
}

export const RUBRIC_KEYPHRASES: Keyphrase[] = [
  { phrase: 'pricing', threshold: 1e-5 },
  { phrase: 'price', threshold: 1e-5 },
  { phrase: 'appointment', threshold: 1e-40 },
  { phrase: 'book', threshold: 1e-5 },
  { phrase: 'not interested', threshold: 1e-15 },
  { phrase: 'call back', threshold: 1e-30 },
];
