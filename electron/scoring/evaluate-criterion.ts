import type { CallFeatures, Evidence, Turn } from '../../shared/scoring/call-features';
import { attributeKey, numericFeature, resolvePath } from '../../shared/scoring/feature-path';
import { literalPhraseRegExp, normaliseText, quoteAround, speakerMatches } from '../../shared/scoring/phrase-match';
import type { Criterion } from '../../shared/scoring/rubric';
import type { CriterionEvidence, CriterionOutcome } from '../../shared/scoring/score-result';

export interface CriterionVerdict {
  outcome: CriterionOutcome;
  evidence: CriterionEvidence[];
}

const NA = (note: string): CriterionVerdict => ({ outcome: 'not_applicable', evidence: [{ kind: 'none', note }] });
const quote = (e: Evidence): CriterionEvidence => ({ kind: 'quote', quote: e.quote, start: e.start, speaker: e.speaker });

export function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `in [${min}, ${max})`;
  return min !== undefined ? `>= ${min}` : `< ${max}`;
}

export function inRange(v: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || v >= min) && (max === undefined || v < max);
}

export function appliesToCampaign(c: Criterion, campaign: string | null): boolean {
  const key = attributeKey(campaign);
  return !c.campaigns || (key !== null && c.campaigns.some((x) => attributeKey(x) === key));
}

const compiledPhrases = new Map<string, RegExp[]>();

/** Rubrics hold few phrase lists, reused for every call: compile each list once. */
export function phraseRegExps(phrases: string[]): RegExp[] {
  const key = phrases.join('\u0001');
  let list = compiledPhrases.get(key);
  if (!list) {
    if (compiledPhrases.size > 500) compiledPhrases.clear();
    list = phrases.map(literalPhraseRegExp);
    compiledPhrases.set(key, list);
  }
  return list;
}

export function findPhrase(turns: Turn[], phrases: string[], speaker: string): Evidence | null {
  const regexps = phraseRegExps(phrases);
  for (const t of turns) {
    if (!speakerMatches(speaker, t.speaker)) continue;
    const text = normaliseText(t.text);
    for (const r of regexps) {
      const m = r.exec(text);
      if (m) return { quote: quoteAround(t.text, m.index), start: t.start, speaker: t.speaker };
    }
  }
  return null;
}

/** Intent criteria also accept script statement ids (e.g. recording_disclosure), found by the same patterns. */
export function intentEvidence(features: CallFeatures, id: string): Evidence[] | null {
  const hit = features.intents.find((i) => i.id === id);
  if (hit) return hit.evidence;
  const check = features.script.find((s) => s.id === id);
  if (check?.found) return check.evidence ? [check.evidence] : [];
  return null;
}

/** "LLM question" verdicts by criterion id, answered outside this engine (it never calls a network). */
export type LlmVerdicts = ReadonlyMap<string, CriterionVerdict>;

export function evaluateCriterion(c: Criterion, features: CallFeatures, llm?: LlmVerdicts): CriterionVerdict {
  if (!appliesToCampaign(c, features.caller.campaign)) return NA(`only for campaigns ${c.campaigns?.join(', ')}`);
  switch (c.type) {
    case 'llm_question':
      return llm?.get(c.id) ?? NA('answered by the LLM integration, not by this engine');
    case 'phrase': {
      if (!features.hasTranscript) return NA('no transcript');
      const hit = findPhrase(features.turns, c.phrases, c.speaker);
      if (c.when === 'present') {
        return hit ? { outcome: 'met', evidence: [quote(hit)] } : { outcome: 'not_met', evidence: [{ kind: 'none', note: 'not said' }] };
      }
      return hit ? { outcome: 'not_met', evidence: [quote(hit)] } : { outcome: 'met', evidence: [{ kind: 'none', note: 'not said' }] };
    }
    case 'intent': {
      if (!features.hasTranscript) return NA('no transcript');
      const ev = intentEvidence(features, c.intent);
      const present = ev !== null;
      const evidence: CriterionEvidence[] = ev?.length ? ev.map(quote) : [{ kind: 'none', note: present ? 'detected' : 'not detected' }];
      return { outcome: present === (c.when === 'present') ? 'met' : 'not_met', evidence };
    }
    case 'feature': {
      const v = numericFeature(features, c.feature);
      if (v === null) return NA(`${c.feature} unknown for this call`);
      const compared = rangeText(c.min, c.max);
      return {
        outcome: inRange(v, c.min, c.max) ? 'met' : 'not_met',
        evidence: [{ kind: 'value', feature: c.feature, value: v, compared }],
      };
    }
    case 'attribute': {
      const raw = resolvePath(features.caller, c.attribute);
      const key = attributeKey(raw);
      const targets = c.in ?? [c.equals ?? null];
      const met = key !== null && targets.some((t) => attributeKey(t) === key);
      const value = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : null;
      const compared = c.in ? `in [${c.in.join(', ')}]` : `= ${String(c.equals)}`;
      return { outcome: met ? 'met' : 'not_met', evidence: [{ kind: 'value', feature: `caller.${c.attribute}`, value, compared }] };
    }
  }
}
