import type { CompiledTracker } from '../../../electron/trackers/match-trackers';
import { matchSentences } from '../../../electron/trackers/match-trackers';
import type { ConceptMatcher } from './score-eval-set';

/** The trackers as the product runs them, one sentence at a time with its speaker. */
export function trackerMatcher(trackers: readonly CompiledTracker[]): ConceptMatcher {
  return (s) => new Set(matchSentences(trackers, [{ text: s.text, speaker: s.speaker, start: 0 }]).map((h) => h.trackerId));
}
