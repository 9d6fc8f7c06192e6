import { readShippedJson } from './word-vectors';

/**
 * Clusters of near-synonyms among the shipped words (scripts/build-tracker-word-clusters.ts): the
 * most frequent words (function words) are left out, since their own term already says all they do.
 */
export const FIRST_CLUSTERED_RANK = 150;
export const CLUSTERED_WORDS = 20000;

let loaded: Map<string, number> | undefined;

/** The cluster of a word, or undefined when it is not clustered. Read once, on first use. */
export function wordCluster(word: string): number | undefined {
  if (!loaded) {
    const raw = readShippedJson('word-clusters.json') as { words: Record<string, number> };
    loaded = new Map(Object.entries(raw.words));
  }
  return loaded.get(word);
}
