import type { TeamTrackerInput } from '../../../../../shared/api/trackers';

/** A tracker as the form holds it: lists as one sentence per line. */
export interface TrackerDraft {
  id?: string;
  name: string;
  speaker: 'agent' | 'customer' | 'any';
  examples: string;
  keywords: string;
  notThis: string;
}

export const EMPTY_DRAFT: TrackerDraft = { name: '', speaker: 'any', examples: '', keywords: '', notThis: '' };

const lines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);

export function draftToInput(d: TrackerDraft): TeamTrackerInput {
  return {
    ...(d.id ? { id: d.id } : {}),
    name: d.name,
    speaker: d.speaker,
    examples: lines(d.examples),
    keywords: d.keywords.split(',').map((k) => k.trim()).filter((k) => k.length > 0),
    notThis: lines(d.notThis),
  };
}

export function inputToDraft(t: TeamTrackerInput): TrackerDraft {
  return {
    ...(t.id ? { id: t.id } : {}),
    name: t.name,
    speaker: t.speaker ?? 'any',
    examples: t.examples.join('\n'),
    keywords: (t.keywords ?? []).join(', '),
    notThis: (t.notThis ?? []).join('\n'),
  };
}

/**
 * A supervisor's verdict on a hit: a right one joins the examples, a wrong one the "not this"
 * sentences, and it leaves the other list if it was there.
 */
export function markSentence(d: TrackerDraft, sentence: string, right: boolean): TrackerDraft {
  const without = (text: string): string => lines(text).filter((l) => l !== sentence).join('\n');
  const adding = (text: string): string => [...lines(text).filter((l) => l !== sentence), sentence].join('\n');
  return right
    ? { ...d, examples: adding(d.examples), notThis: without(d.notThis) }
    : { ...d, examples: without(d.examples), notThis: adding(d.notThis) };
}
