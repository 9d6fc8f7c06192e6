import type { BandThresholds } from './rubric';

export type Band = 'hot' | 'warm' | 'cold';

export function bandFor(score: number, thresholds: BandThresholds): Band {
  if (score >= thresholds.hot) return 'hot';
  if (score >= thresholds.warm) return 'warm';
  return 'cold';
}
