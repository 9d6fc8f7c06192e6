import { createRequire } from 'node:module';
import type vaderModule from 'vader-sentiment';
import type { SentimentSummary } from '../../shared/scoring/call-features';

let vader: typeof vaderModule | null = null;

/**
 * VADER (lexicon MIT, JS port Apache-2.0) rather than AFINN: its lexicon licence allows shipping it,
 * and it handles negation ("not happy"), boosters and but-clauses that call speech is full of.
 */
export function turnSentiment(text: string): number {
  if (!text.trim()) return 0;
  // Required at the first call, not with the app: its lexicon takes 40 ms to load, which every
  // start paid though only the analysis of a call uses it.
  vader ??= createRequire(import.meta.url)('vader-sentiment') as typeof vaderModule;
  return vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
}

function mean(xs: number[]): number | null {
  return xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000 : null;
}

/** Neutral filler turns ("okay", "yeah") would drown the signal, so only opinionated turns count. */
const NEUTRAL_BAND = 0.05;

export function summariseSentiment(turns: Array<{ speaker: string; sentiment: number }>): SentimentSummary {
  const opinionated = turns.filter((t) => Math.abs(t.sentiment) >= NEUTRAL_BAND);
  const values = opinionated.map((t) => t.sentiment);
  const third = Math.max(1, Math.floor(opinionated.length / 3));
  const start = opinionated.length >= 2 ? mean(values.slice(0, third)) : null;
  const end = opinionated.length >= 2 ? mean(values.slice(-third)) : null;
  return {
    overall: mean(values),
    agent: mean(opinionated.filter((t) => t.speaker === 'agent').map((t) => t.sentiment)),
    customer: mean(opinionated.filter((t) => t.speaker === 'customer').map((t) => t.sentiment)),
    start,
    end,
    shift: start !== null && end !== null ? Math.round((end - start) * 1000) / 1000 : null,
  };
}
