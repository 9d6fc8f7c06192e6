/**
 * The exact-regex intent matcher the product used before concept trackers (issue 19), kept only as
 * the benchmark's baseline: run on the same evaluation sentences, beside the trackers.
 */
import { z } from 'zod';
import defaults from './regex-intents.json';
import type { Evidence, IntentHit, ScriptCheck } from '../../../shared/scoring/call-features';
import { normaliseText, quoteAround, speakerMatches } from '../../../shared/scoring/phrase-match';

const patternSchema = z.object({
  id: z.string().min(1),
  label: z.string().default(''),
  speaker: z.enum(['agent', 'customer', 'any']).default('any'),
  patterns: z.array(z.string().min(1)).min(1),
  unless: z.array(z.string()).default([]),
  /** Script statements required only on these campaigns; absent means all. */
  campaigns: z.array(z.string()).optional(),
});

export const intentPatternsSchema = z.object({
  intents: z.array(patternSchema),
  script: z.array(patternSchema),
});
export type IntentPatterns = z.infer<typeof intentPatternsSchema>;
export type IntentPatternsInput = z.input<typeof intentPatternsSchema>;

export const DEFAULT_INTENT_PATTERNS: IntentPatterns = intentPatternsSchema.parse(defaults);

interface CompiledPattern {
  id: string;
  speaker: 'agent' | 'customer' | 'any';
  patterns: RegExp[];
  unless: RegExp[];
  campaigns: string[] | undefined;
}

const compiledCache = new WeakMap<IntentPatterns, { intents: CompiledPattern[]; script: CompiledPattern[] }>();

function compileOne(p: IntentPatterns['intents'][number]): CompiledPattern {
  return {
    id: p.id,
    speaker: p.speaker,
    patterns: p.patterns.map((s) => new RegExp(s, 'i')),
    unless: p.unless.map((s) => new RegExp(s, 'i')),
    campaigns: p.campaigns,
  };
}

/** Compiles once per pattern set, since analysing thousands of calls reuses the same set. */
function compiled(patterns: IntentPatterns): { intents: CompiledPattern[]; script: CompiledPattern[] } {
  let c = compiledCache.get(patterns);
  if (!c) {
    c = { intents: patterns.intents.map(compileOne), script: patterns.script.map(compileOne) };
    compiledCache.set(patterns, c);
  }
  return c;
}

export interface Utterance {
  speaker: string;
  start: number;
  text: string;
}

function firstMatch(p: CompiledPattern, u: Utterance, text: string): Evidence | null {
  if (!speakerMatches(p.speaker, u.speaker)) return null;
  if (p.unless.some((r) => r.test(text))) return null;
  for (const r of p.patterns) {
    const m = r.exec(text);
    if (m) return { quote: quoteAround(u.text, m.index), start: u.start, speaker: u.speaker };
  }
  return null;
}

const MAX_EVIDENCE = 3;

export function detectIntents(utterances: Utterance[], patterns: IntentPatterns): IntentHit[] {
  const texts = utterances.map((u) => normaliseText(u.text));
  const hits: IntentHit[] = [];
  for (const p of compiled(patterns).intents) {
    const evidence: Evidence[] = [];
    let count = 0;
    utterances.forEach((u, i) => {
      const e = firstMatch(p, u, texts[i] ?? '');
      if (!e) return;
      count++;
      if (evidence.length < MAX_EVIDENCE) evidence.push(e);
    });
    if (count > 0) hits.push({ id: p.id, count, evidence });
  }
  return hits;
}

export function checkScript(utterances: Utterance[], patterns: IntentPatterns, campaign: string | null): ScriptCheck[] {
  const texts = utterances.map((u) => normaliseText(u.text));
  const checks: ScriptCheck[] = [];
  for (const p of compiled(patterns).script) {
    if (p.campaigns && !(campaign !== null && p.campaigns.includes(campaign))) continue;
    let evidence: Evidence | null = null;
    for (let i = 0; i < utterances.length && !evidence; i++) {
      const u = utterances[i];
      if (u) evidence = firstMatch(p, u, texts[i] ?? '');
    }
    checks.push({ id: p.id, speaker: p.speaker, found: evidence !== null, evidence });
  }
  return checks;
}
