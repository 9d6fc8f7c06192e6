import type { Db } from '../db/open';
import type { ApiOutput } from '../../shared/api/contract';
import { transcriptSchema } from '../../shared/transcript';
import { callFeaturesSchema, type CallFeatures } from '../../shared/scoring/call-features';
import { activeRubric } from '../scoring/rubric-store';
import { callScores } from './call-scores';
import { CALL_SUMMARY_SQL, toSummary, type SummaryRow } from './lead-detail';
import { listReviews } from './manual-reviews';

type CallDetail = ApiOutput<'getCall'>;

function parseJson<T>(text: string | null, parse: (v: unknown) => T | null): T | null {
  if (!text) return null;
  try {
    return parse(JSON.parse(text));
  } catch {
    return null;
  }
}

function spokenTimes(db: Db, callId: string): CallDetail['spokenTimes'] {
  const rows = db
    .prepare(
      `SELECT kind, start_at AS start, end_at AS end, time_zone, zone_assumed, quote, speaker, said_at
       FROM spoken_times WHERE call_id = ? ORDER BY seq`,
    )
    .all(callId) as Array<Omit<CallDetail['spokenTimes'][number], 'zone_assumed'> & { zone_assumed: number }>;
  return rows.map((r) => ({ ...r, zone_assumed: r.zone_assumed === 1 }));
}

export function callDetail(db: Db, callId: string): CallDetail | null {
  const row = db.prepare(`${CALL_SUMMARY_SQL} WHERE c.call_id = ?`).get(callId) as
    | SummaryRow
    | undefined;
  if (!row) return null;
  const raw = db.prepare('SELECT transcript, features FROM calls WHERE call_id = ?').get(callId) as {
    transcript: string | null;
    features: string | null;
  };
  const transcript = parseJson(raw.transcript, (v) => transcriptSchema.safeParse(v).data ?? null);
  // Features written before analysis landed may be partial: use them only when they parse whole.
  const features: CallFeatures | null = parseJson(raw.features, (v) => callFeaturesSchema.safeParse(v).data ?? null);
  const qa = activeRubric(db, 'qa').rubric;
  return {
    call: toSummary(row),
    segments: (transcript?.segments ?? []).map((s) => ({ speaker: s.speaker, start: s.start, end: s.end, text: s.text })),
    keywords: features?.keywords ?? [],
    intents: (features?.intents ?? []).map((i) => ({ id: i.id, evidence: i.evidence })),
    compliance: (features?.script ?? []).map((s) => ({ id: s.id, speaker: s.speaker, found: s.found, evidence: s.evidence })),
    spokenTimes: spokenTimes(db, callId),
    scores: callScores(db, callId),
    reviews: listReviews(db, callId),
    qaCriteria: qa.criteria.map((c) => ({ id: c.id, description: c.description, maxPoints: Math.max(0, c.points * c.weight) })),
  };
}
