/**
 * Phrases the scoring rubric listens for, with pocketsphinx keyword-spotting thresholds. Longer phrases carry
 * more acoustic evidence, so they can use a looser threshold (smaller exponent) without false alarms; the values
 * were picked on the benchmark in tests/bench/transcription.ts (see README).
 */
export interface Keyphrase {
  phrase: string;
  threshold: number;
}

export const RUBRIC_KEYPHRASES: Keyphrase[] = [
  { phrase: 'pricing', threshold: 1e-20 },
  { phrase: 'price', threshold: 1e-15 },
  { phrase: 'appointment', threshold: 1e-25 },
  { phrase: 'book', threshold: 1e-10 },
  { phrase: 'wrong number', threshold: 1e-25 },
  { phrase: 'not interested', threshold: 1e-25 },
  { phrase: 'call back', threshold: 1e-20 },
  { phrase: 'this call is recorded', threshold: 1e-30 },
];
