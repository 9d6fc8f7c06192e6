import type Database from 'better-sqlite3';
import type { ConversionPhrases, PhraseStat } from '../../../shared/api/models';
import { buildLeadTable } from './lead-table';
import { activeModel } from './model-store';
import { buildRoleCorpus, MAX_GRAM, TEXT_ROLES, tokenize, type LeadTexts, type TextRole } from './text-features';

/** Fewest leads with an outcome that said a phrase for it to be listed: fewer is an anecdote. */
export const MIN_PHRASE_LEADS = 5;
/** A phrase is listed only when its leads' rate differs from the others' by at least this many standard errors (two-sided 5%). */
export const MIN_PHRASE_Z = 1.96;

interface Candidate extends PhraseStat {
  /** Two-proportion z: how far the rate of leads that said it is from the rate of those that did not. */
  z: number;
}

/**
 * A phrase that shares a word with one already listed on the same side, said by about as many
 * leads, is most likely the same utterance seen through another word or bigram ("how soon",
 * "soon can"): it adds nothing.
 */
function redundant(c: Candidate, chosen: readonly Candidate[]): boolean {
  const words = new Set(c.phrase.split(' '));
  return chosen.some(
    (o) => o.role === c.role && o.phrase.split(' ').some((w) => words.has(w)) && Math.abs(o.leads - c.leads) <= 0.2 * Math.max(o.leads, c.leads),
  );
}

function pick(candidates: Candidate[], limit: number): PhraseStat[] {
  const chosen: Candidate[] = [];
  for (const c of candidates) {
    if (chosen.length >= limit) break;
    if (!redundant(c, chosen)) chosen.push(c);
  }
  return chosen.map(({ z: _z, ...rest }) => rest);
}

/** The longest run of words in one lead's turns made only of `grams`: the utterance they come from. */
function spanOf(texts: LeadTexts, role: TextRole, grams: ReadonlySet<string>): string {
  let best = '';
  for (const turn of texts[role]) {
    const tokens = tokenize(turn);
    const covered = new Uint8Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      let gram = '';
      for (let m = 1; m <= MAX_GRAM && i + m <= tokens.length; m++) {
        gram = m === 1 ? (tokens[i] as string) : `${gram} ${tokens[i + m - 1] as string}`;
        if (grams.has(gram)) covered.fill(1, i, i + m);
      }
    }
    for (let i = 0; i < tokens.length; ) {
      if (!covered[i]) {
        i++;
        continue;
      }
      let j = i;
      while (j < tokens.length && covered[j]) j++;
      const run = tokens.slice(i, j).join(' ');
      if (run.length > best.length) best = run;
      i = j;
    }
  }
  return best || [...grams][0] || '';
}

/**
 * Phrases that predict conversion in these calls: per speaker role, each phrase said by at least
 * MIN_PHRASE_LEADS leads with a known outcome, with how many converted, the rate and its lift over
 * the overall rate, ordered by the strength of the evidence (two-proportion z) so a phrase seen
 * twice at 100% does not outrank one seen two hundred times at 70%, and only when that evidence
 * reaches MIN_PHRASE_Z. With thousands of phrases some pass by chance: the counts are shown so a
 * reader can judge.
 */
export function conversionPhrases(db: Database.Database, limit = 15): ConversionPhrases {
  const leads = buildLeadTable(db);
  const rows = leads.outcome.flatMap((o, i) => (o === null ? [] : [i]));
  const y = rows.map((r) => leads.outcome[r] as number);
  const n = rows.length;
  const converted = y.reduce((a, b) => a + b, 0);
  const base = n ? converted / n : null;
  const model = activeModel(db);
  const weights = new Map<string, number>();
  (model?.model.text ?? []).forEach((part, p) => {
    const scale = model?.model.stack?.weights[p + 1] ?? 0;
    // A role the live model gives no weight has no say, whatever its own weights.
    if (scale === 0) return;
    part.grams.forEach((g, c) => weights.set(`${part.role}|${g}`, Math.round(scale * (part.weights[c] as number) * 1000) / 1000));
  });
  const empty = { outcomes: n, converted, baseRate: base, minLeads: MIN_PHRASE_LEADS, minZ: MIN_PHRASE_Z, modelId: model?.modelId ?? null, converting: [], lost: [] };
  if (base === null || converted === 0 || converted === n) return empty;
  const texts = rows.map((r) => leads.texts[r] as LeadTexts);
  const candidates: Candidate[] = [];
  for (const role of TEXT_ROLES) {
    const corpus = buildRoleCorpus(role, texts);
    const said = new Int32Array(corpus.names.length);
    const won = new Int32Array(corpus.names.length);
    // Which leads said a phrase, as a fingerprint: grams always said together (one utterance) share it.
    const h1 = new Uint32Array(corpus.names.length);
    const h2 = new Uint32Array(corpus.names.length);
    const first = new Int32Array(corpus.names.length).fill(-1);
    corpus.docs.forEach((doc, i) => {
      for (const id of doc.ids) {
        said[id] = (said[id] as number) + 1;
        won[id] = (won[id] as number) + (y[i] as number);
        h1[id] = (Math.imul(h1[id] as number, 0x01000193) + i + 1) >>> 0;
        h2[id] = (Math.imul(h2[id] as number, 0x5bd1e995) + i + 7) >>> 0;
        if (first[id] === -1) first[id] = i;
      }
    });
    const groups = new Map<string, number[]>();
    corpus.names.forEach((_, id) => {
      const k = said[id] as number;
      if (k < MIN_PHRASE_LEADS || k === n) return;
      const key = `${h1[id]}:${h2[id]}:${k}`;
      groups.set(key, [...(groups.get(key) ?? []), id]);
    });
    for (const ids of groups.values()) {
      const id = ids[0] as number;
      const k = said[id] as number;
      const w = won[id] as number;
      const rate = w / k;
      const restRate = (converted - w) / (n - k);
      const se = Math.sqrt(base * (1 - base) * (1 / k + 1 / (n - k)));
      const phrase = ids.length === 1 ? (corpus.names[id] as string) : spanOf(texts[first[id] as number] as LeadTexts, role, new Set(ids.map((g) => corpus.names[g] as string)));
      candidates.push({
        role,
        phrase,
        leads: k,
        converted: w,
        rate: Math.round(rate * 1000) / 1000,
        lift: Math.round((rate / base) * 100) / 100,
        weight: ids.map((g) => weights.get(`${role}|${corpus.names[g] as string}`)).find((x) => x !== undefined) ?? null,
        z: se > 0 ? (rate - restRate) / se : 0,
      });
    }
  }
  candidates.sort((a, b) => b.z - a.z || b.leads - a.leads || a.phrase.localeCompare(b.phrase));
  return {
    ...empty,
    converting: pick(candidates.filter((c) => c.z >= MIN_PHRASE_Z), limit),
    lost: pick([...candidates].reverse().filter((c) => c.z <= -MIN_PHRASE_Z), limit),
  };
}
