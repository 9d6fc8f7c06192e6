import type { RankParts } from '../../shared/api/queue-view';
import type { Db } from '../db/open';
import { reasonText, type Reason } from '../scoring/model/conversion-model';
import { MIN_PER_CLASS } from '../scoring/model/gate';
import { leadScoreBasis, type LeadScoreBasis } from '../scoring/lead-score';
import { tableExists } from '../queue/snapshot';
import { rankEvidence } from './rank-evidence';

/** One ranked lead as every surface has it before it is explained. */
export interface RankedParts {
  leadId: string;
  score: number | null;
  probability: number | null;
  parts: RankParts;
  priority: number;
  /** RankInput.points: the unclamped points of a zero-score lead's latest call. */
  points: number | null;
}

interface ActiveModelLine {
  model_id: number;
  algorithm: string;
  auc: number | null;
}

const signed = (n: number): string => (n >= 0 ? `+${n}` : `${n}`);

function scoreLine(score: number | null, basis: LeadScoreBasis | undefined): string {
  if (score === null || !basis) return 'no scored call yet';
  const decay = basis.weight < 0.9995 ? ` ×${basis.weight.toFixed(2)} decay` : '';
  const of = basis.calls > 1 ? `best of ${basis.calls} scored calls: ` : '';
  return `rubric lead score ${score} (${of}call ${basis.callId} scored ${basis.callScore}${decay})`;
}

function callbackLine(points: number): string {
  if (points === 25) return 'callback due now +25';
  if (points === 15) return 'callback overdue +15';
  return 'callback not due yet -20';
}

/**
 * The model's stored reasons of the model-ranked leads, in one read: by id for a page; one pass
 * over the predictions for most of the queue (a lookup per lead cost about as much as the rest of
 * the explanation for 100k leads).
 */
function predictionReasons(db: Db, leads: readonly RankedParts[]): Map<string, string> {
  const ids = leads.filter((l) => l.parts.basis === 'model').map((l) => l.leadId);
  const out = new Map<string, string>();
  if (!ids.length) return out;
  const most = ids.length * 2 > (db.prepare('SELECT count(*) FROM lead_predictions').pluck().get() as number);
  const rows = (
    most
      ? db.prepare('SELECT lead_id, reasons FROM lead_predictions').raw().all()
      : db.prepare('SELECT p.lead_id, p.reasons FROM json_each(?) j CROSS JOIN lead_predictions p ON p.lead_id = j.value').raw().all(JSON.stringify(ids))
  ) as [string, string | null][];
  const asked = most ? new Set(ids) : null;
  for (const [leadId, reasons] of rows) if (reasons !== null && (!asked || asked.has(leadId))) out.set(leadId, reasons);
  return out;
}

/**
 * THE explanation of a rank, the same text in the queue's hover, `rank_reason` in the CLI and in
 * REST: the priority, the part the model or the rubric gave (which calls counted and how), then
 * every other part that is not zero. By position in `leads`.
 */
export function explainRanks(db: Db, leads: readonly RankedParts[]): string[] {
  const basis = leadScoreBasis(db, leads.map((l) => l.leadId));
  const hasModels = tableExists(db, 'conversion_models');
  const model = hasModels
    ? ((db
        .prepare(`SELECT model_id, algorithm, json_extract(metrics, '$.auc') AS auc FROM conversion_models WHERE active = 1`)
        .get() as ActiveModelLine | undefined) ?? null)
    : null;
  const reasonsOf = model ? predictionReasons(db, leads) : null;
  let coldStart: string | null = null;
  const rubricTail = (): string => {
    if (coldStart !== null) return coldStart;
    const known = hasModels ? (db.prepare('SELECT count(*) FROM leads WHERE outcome IS NOT NULL').pluck().get() as number) : 0;
    coldStart =
      known < 2 * MIN_PER_CLASS
        ? `ranked by rubric score — cold start: ${known} known outcomes, the conversion model needs ${2 * MIN_PER_CLASS}`
        : `ranked by rubric score — no conversion model is active (${known} known outcomes)`;
    return coldStart;
  };
  const evidence = rankEvidence(
    db,
    leads.map((l) => ({ leadId: l.leadId, score: l.score, counted: basis.get(l.leadId) })),
  );
  return leads.map((l, i) => {
    const p = l.parts;
    const bits: string[] = [];
    const lead = scoreLine(l.score, basis.get(l.leadId));
    if (p.basis === 'model' && model && l.probability !== null) {
      const auc = model.auc === null ? '' : `, CV AUC ${model.auc.toFixed(3)}`;
      const reasons = (JSON.parse(reasonsOf?.get(l.leadId) ?? '[]') as Reason[]).map(reasonText).join(', ');
      bits.push(
        `model #${model.model_id} (${model.algorithm}${auc}): ${(l.probability * 100).toFixed(0)}% likely to convert → ${p.score}` +
          (reasons ? ` (top reasons: ${reasons})` : ''),
      );
      bits.push(lead);
    } else if (p.score < 0 && l.points !== null) {
      bits.push(`${lead}; red flags put its latest call at ${l.points} points ×0.6 → ${p.score}`);
    } else {
      bits.push(`${lead} ×0.6 → ${p.score}`);
    }
    if (p.speed !== 0) bits.push(`speed-to-lead ${signed(p.speed)}`);
    if (p.attempts !== 0) {
      const n = -p.attempts / 5;
      bits.push(`${n >= 5 ? '5 or more dial attempts' : n === 1 ? '1 dial attempt' : `${n} dial attempts`} ${p.attempts}`);
    }
    if (p.callback !== 0) bits.push(callbackLine(p.callback));
    const why = evidence[i];
    if (why) bits.push(`evidence: ${why}`);
    if (p.basis === 'rubric') bits.push(rubricTail());
    return `priority ${l.priority}: ${bits.join('; ')}`;
  });
}
