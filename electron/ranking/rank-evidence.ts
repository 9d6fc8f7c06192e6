import type { Db } from '../db/open';
import type { CriterionResult } from '../../shared/scoring/score-result';
import { latestScoredCallSql } from '../scoring/lead-score';
import { rubricVersions } from '../scoring/rubric-store';
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

/** The counted call's stored score, or the one of the call that explains a lead instead. */
interface ExplainingScore {
  callId: string;
  rubricId: number;
  code: string;
}

export interface EvidenceOf {
  leadId: string;
  score: number | null;
  /** The call that set the lead's score, with its stored score (leadScoreBasis). */
  counted: ExplainingScore | undefined;
}

/**
 * The call whose criteria explain each lead, with its stored score: the one that set its score,
 * or for a lead at 0 (or unscored) its latest scored call, read for all such leads in one query.
 */
function explainingScores(db: Db, leads: readonly EvidenceOf[]): (ExplainingScore | undefined)[] {
  const counts = (l: EvidenceOf): boolean => l.score !== null && l.score > 0;
  const zero = leads.filter((l) => !counts(l)).map((l) => l.leadId);
  const latest = new Map<string, ExplainingScore>();
  if (zero.length) {
    const rows = db
      .prepare(
        `SELECT j.value, s.call_id, s.rubric_id, s.outcomes
         FROM json_each(?) j CROSS JOIN scores s ON s.kind = 'lead' AND s.call_id = ${latestScoredCallSql('j.value')}`,
      )
      .raw()
      .all(JSON.stringify(zero)) as [string, string, number, string][];
    for (const [leadId, callId, rubricId, code] of rows) latest.set(leadId, { callId, rubricId, code });
  }
  return leads.map((l) => (counts(l) ? l.counted : (latest.get(l.leadId) ?? l.counted)));
}

/**
 * The stored rows of the calls given that have features, in one read. A call without features is
 * not read: no criterion of it is judged again, so whether its transcript is gone changes nothing
 * (explainStoredScore). Asked for most calls (the whole queue), the analysed calls are listed from
 * their index first and only those are looked up.
 */
function analysedCalls(db: Db, callIds: readonly string[]): Map<string, StoredCallRow> {
  const out = new Map<string, StoredCallRow>();
  if (!callIds.length) return out;
  let ids = callIds;
  if (callIds.length * 2 > (db.prepare('SELECT count(*) FROM calls').pluck().get() as number)) {
    const analysed = new Set(db.prepare('SELECT call_id FROM calls WHERE features IS NOT NULL').pluck().all() as string[]);
    ids = callIds.filter((id) => analysed.has(id));
  }
  if (!ids.length) return out;
  const rows = db
    .prepare(`SELECT c.call_id, ${STORED_CALL_COLUMNS} FROM json_each(?) j CROSS JOIN calls c ON c.call_id = j.value WHERE c.features IS NOT NULL`)
    .raw()
    .all(JSON.stringify(ids)) as [string, string | null, number][];
  for (const [callId, features, gone] of rows) out.set(callId, { features, gone });
  return out;
}

/**
 * The evidence behind each lead's rank, by position in `leads`: the met criteria of the call that
 * counts for it (the one that set its score, or for a lead at 0 its latest call, whose red flags
 * rank it), strongest first, each with its quote. Built when read, from stored codes and features
 * (stored-explanation.ts). The whole queue takes a few reads in all, not three per lead: the latest
 * calls of leads at 0, and the features only of calls whose stored code leaves a criterion to
 * quote (or that have no usable code).
 */
export function rankEvidence(db: Db, leads: readonly EvidenceOf[]): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(leads.length).fill(undefined);
  if (!leads.length) return out;
  const version = rubricVersions(db);
  const explaining = explainingScores(db, leads);
  const rubrics = explaining.map((e) => {
    const stored = e && version(e.rubricId);
    if (!e || !stored) return undefined;
    // A code that decodes and holds no signal explains nothing: its call is not read.
    const summary = summariseOutcomes(stored.rubric, e.code);
    return summary.length && !summary.some(isSignal) ? undefined : stored;
  });
  const calls = analysedCalls(db, explaining.flatMap((e, i) => (e && rubrics[i] ? [e.callId] : [])));
  explaining.forEach((e, i) => {
    const stored = rubrics[i];
    if (!e || !stored) return;
    const met = explainStoredScore(db, e.callId, stored, e.code, explainedCallOf(calls.get(e.callId)))
      .filter(isSignal)
      .sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
    if (!met.length) return;
    const shown = met.slice(0, MAX_SIGNALS).map(signalText);
    const more = met.length > MAX_SIGNALS ? ` and ${met.length - MAX_SIGNALS} more` : '';
    out[i] = `call ${e.callId}: ${shown.join(', ')}${more}`;
  });
  return out;
}
