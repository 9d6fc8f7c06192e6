import type { Evidence, IntentHit, ScriptCheck } from '../../shared/scoring/call-features';
import { matchSentences, splitSentences, type CompiledTracker, type SpokenSentence, type TrackerHit } from './match-trackers';

export interface SpokenTurn {
  speaker: string;
  start: number;
  text: string;
}

/** A call's intents (counted) and compliance statements (found or not), with the most confident quotes. */
export interface CallTrackerResult {
  intents: IntentHit[];
  script: ScriptCheck[];
}

const MAX_EVIDENCE = 3;

function toEvidence(h: TrackerHit): Evidence {
  return { quote: h.quote, start: h.start, speaker: h.speaker, confidence: h.confidence };
}

/** Most confident first; equally sure hits keep call order. */
function best(hits: TrackerHit[]): TrackerHit[] {
  return [...hits].sort((a, b) => b.confidence - a.confidence || a.start - b.start);
}

export function trackCall(turns: readonly SpokenTurn[], trackers: readonly CompiledTracker[], campaign: string | null): CallTrackerResult {
  const sentences: SpokenSentence[] = turns.flatMap((t) =>
    splitSentences(t.text).map((text) => ({ text, speaker: t.speaker, start: t.start })),
  );
  const hits = matchSentences(trackers, sentences);
  const byTracker = new Map<string, TrackerHit[]>();
  for (const h of hits) byTracker.set(h.trackerId, [...(byTracker.get(h.trackerId) ?? []), h]);
  const intents: IntentHit[] = [];
  const script: ScriptCheck[] = [];
  for (const t of trackers) {
    const mine = best(byTracker.get(t.model.id) ?? []);
    if (t.model.kind === 'intent') {
      if (mine.length > 0) intents.push({ id: t.model.id, count: mine.length, evidence: mine.slice(0, MAX_EVIDENCE).map(toEvidence) });
      continue;
    }
    const required = !t.model.campaigns || (campaign !== null && t.model.campaigns.includes(campaign));
    if (!required) continue;
    const first = mine[0];
    script.push({ id: t.model.id, speaker: t.model.speaker, found: first !== undefined, evidence: first ? toEvidence(first) : null });
  }
  return { intents, script };
}
