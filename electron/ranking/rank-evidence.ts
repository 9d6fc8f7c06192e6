import type { Db } from '../db/open';
import type { CriterionResult } from '../../shared/scoring/score-result';
import { latestScoredCallSql } from '../scoring/lead-score';
import { rubricVersions } from '../scoring/rubric-store';
import { explainStoredScore, storedCall } from '../scoring/stored-explanation';

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

/**
 * The evidence behind each lead's rank: the met criteria of the call that counts for it (the one
 * that set its score, or for a lead at 0 its latest call, whose red flags rank it), strongest
 * first, each with its quote. Built when read, from stored codes and features (stored-explanation.ts).
 */
export function rankEvidence(db: Db, leads: readonly { leadId: string; countedCallId: string | null; score: number | null }[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!leads.length) return out;
  const latest = db.prepare(`SELECT ${latestScoredCallSql('?')}`).pluck();
  const scoreOf = db.prepare(`SELECT rubric_id, outcomes FROM scores WHERE call_id = ? AND kind = 'lead'`);
  const version = rubricVersions(db);
  for (const l of leads) {
    const callId = l.score !== null && l.score > 0 ? l.countedCallId : ((latest.get(l.leadId) as string | null) ?? l.countedCallId);
    if (!callId) continue;
    const row = scoreOf.get(callId) as { rubric_id: number; outcomes: string } | undefined;
    const stored = row && version(row.rubric_id);
    if (!row || !stored) continue;
    const met = explainStoredScore(db, callId, stored, row.outcomes, storedCall(db, callId))
      .filter((c) => c.outcome === 'met' && c.points !== 0)
      .sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
    if (!met.length) continue;
    const shown = met.slice(0, MAX_SIGNALS).map(signalText);
    const more = met.length > MAX_SIGNALS ? ` and ${met.length - MAX_SIGNALS} more` : '';
    out.set(l.leadId, `call ${callId}: ${shown.join(', ')}${more}`);
  }
  return out;
}
