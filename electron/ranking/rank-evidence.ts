import type { Db } from '../db/open';
import type { CriterionResult } from '../../shared/scoring/score-result';
import { latestScoredCallSql } from '../scoring/lead-score';
import { rubricVersions, type StoredRubric } from '../scoring/rubric-store';
import { STORED_CALL_COLUMNS, explainStoredScore, explainedCallOf, type StoredCallRow } from '../scoring/stored-explanation';
import { summariseOutcomes } from '../scoring/stored-outcomes';

/** Criteria named per lead: the strongest signals, so a reason stays one readable line. */
const MAX_SIGNALS = 4;
const MAX_QUOTE = 70;

const signed = (n: number): string => (n >= 0 ? `+${n}` : `${n}`);

function clip(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > MAX_QUOTE ? `${t.slice(0, MAX_QUOTE - 1)}…` : t;
}

/** One criterion the call met, with what showed it: the first quote, else the value compared. */
function signalText(c: CriterionResult): string {
  const e = c.evidence[0];
  const why = e?.kind === 'quote' ? ` "${clip(e.quote)}"` : e?.kind === 'value' && typeof e.value === 'number' ? ` (${e.feature} ${Math.round(e.value)})` : '';
  return `${c.id.replace(/_/g, ' ')} ${signed(c.points)}${why}`;
}

/** A criterion that is evidence for a rank: met, and worth points either way. */
const isSignal = (c: { outcome: string; points: number }): boolean => c.outcome === 'met' && c.points !== 0;

/** Rows of `sql` (over `json_each(?) j`, one row per id) for many ids, in one read. */
function readByIds<T>(db: Db, sql: string, ids: readonly string[]): T[] {
  return ids.length ? (db.prepare(sql).raw().all(JSON.stringify(ids)) as T[]) : [];
}

/** The call whose criteria explain each lead: the one that set its score, or for a lead at 0 (or unscored) its latest scored call. */
function explainingCalls(db: Db, leads: readonly { leadId: string; countedCallId: string | null; score: number | null }[]): Map<string, string> {
  const counted = (l: { score: number | null }): boolean => l.score !== null && l.score > 0;
  const latest = new Map(
    readByIds<[string, string | null]>(
      db,
      `SELECT j.value, ${latestScoredCallSql('j.value')} FROM json_each(?) j`,
      leads.filter((l) => !counted(l)).map((l) => l.leadId),
    ),
  );
  const out = new Map<string, string>();
  for (const l of leads) {
    const callId = counted(l) ? l.countedCallId : (latest.get(l.leadId) ?? l.countedCallId);
    if (callId) out.set(l.leadId, callId);
  }
  return out;
}

/**
 * The evidence behind each lead's rank: the met criteria of the call that counts for it (the one
 * that set its score, or for a lead at 0 its latest call, whose red flags rank it), strongest
 * first, each with its quote. Built when read, from stored codes and features (stored-explanation.ts).
 * Many leads (the whole queue) take three reads in all, not three per lead; a call's features are
 * read and parsed only when its stored code leaves a criterion to quote (or it has no usable code).
 */
export function rankEvidence(db: Db, leads: readonly { leadId: string; countedCallId: string | null; score: number | null }[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!leads.length) return out;
  const callOf = explainingCalls(db, leads);
  const version = rubricVersions(db);
  const scored = new Map<string, { stored: StoredRubric; code: string }>();
  for (const [callId, rubricId, code] of readByIds<[string, number, string]>(
    db,
    `SELECT s.call_id, s.rubric_id, s.outcomes FROM json_each(?) j CROSS JOIN scores s ON s.call_id = j.value AND s.kind = 'lead'`,
    [...new Set(callOf.values())],
  )) {
    const stored = version(rubricId);
    if (!stored) continue;
    // A code that decodes and holds no signal explains nothing: its call is not read.
    const summary = summariseOutcomes(stored.rubric, code);
    if (summary.length && !summary.some(isSignal)) continue;
    scored.set(callId, { stored, code });
  }
  const calls = new Map(
    readByIds<[string, string | null, number]>(
      db,
      `SELECT c.call_id, ${STORED_CALL_COLUMNS} FROM json_each(?) j CROSS JOIN calls c ON c.call_id = j.value`,
      [...scored.keys()],
    ).map(([callId, features, gone]): [string, StoredCallRow] => [callId, { features, gone }]),
  );
  for (const l of leads) {
    const callId = callOf.get(l.leadId);
    const score = callId === undefined ? undefined : scored.get(callId);
    if (callId === undefined || !score) continue;
    const met = explainStoredScore(db, callId, score.stored, score.code, explainedCallOf(calls.get(callId)))
      .filter(isSignal)
      .sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
    if (!met.length) continue;
    const shown = met.slice(0, MAX_SIGNALS).map(signalText);
    const more = met.length > MAX_SIGNALS ? ` and ${met.length - MAX_SIGNALS} more` : '';
    out.set(l.leadId, `call ${callId}: ${shown.join(', ')}${more}`);
  }
  return out;
}
