import type { Db } from '../db/open';
import type { CallFeatures } from '../../shared/scoring/call-features';
import type { RubricKind } from '../../shared/scoring/rubric';
import { dataKey } from '../queue/snapshot';

export interface CalibrationCall {
  call_id: string;
  lead_id: string | null;
  agent: string | null;
  features: CallFeatures;
}

export interface ReviewedCall {
  index: number;
  /** Mean of the reviewers' totals. */
  manual: number;
  /** Mean points per criterion over the reviewers who judged it. */
  criteria: Map<string, number>;
}

export interface CalibrationData {
  key: string;
  calls: CalibrationCall[];
  reviewed: ReviewedCall[];
}

const cache = new WeakMap<Db, Map<RubricKind, CalibrationData>>();

/** Every analysed call and the manual reviews made against a rubric of this kind, cached until data changes. */
export function loadCalibrationData(db: Db, kind: RubricKind): CalibrationData {
  const key = dataKey(db);
  const perDb = cache.get(db) ?? new Map<RubricKind, CalibrationData>();
  cache.set(db, perDb);
  const hit = perDb.get(kind);
  if (hit && hit.key === key) return hit;
  const rows = db
    .prepare('SELECT call_id, lead_id, agent, features FROM calls WHERE features IS NOT NULL ORDER BY call_id')
    .all() as { call_id: string; lead_id: string | null; agent: string | null; features: string }[];
  const calls: CalibrationCall[] = [];
  for (const r of rows) {
    const f = JSON.parse(r.features) as Partial<CallFeatures>;
    // Interim pipelines stored duration-only features; the scorer needs the full shape.
    if (f.version !== 1 || !f.caller || !f.conversation) continue;
    calls.push({ call_id: r.call_id, lead_id: r.lead_id, agent: r.agent, features: f as CallFeatures });
  }
  const indexOf = new Map(calls.map((c, i) => [c.call_id, i]));
  const reviews = db
    .prepare(
      `SELECT m.call_id, m.total_score, m.criterion_scores FROM manual_reviews m
       LEFT JOIN rubrics r ON r.rubric_id = m.rubric_id
       WHERE m.total_score IS NOT NULL AND COALESCE(r.kind, 'qa') = ?`,
    )
    .all(kind) as { call_id: string; total_score: number; criterion_scores: string }[];
  const grouped = new Map<number, { totals: number[]; criteria: Map<string, number[]> }>();
  for (const r of reviews) {
    const index = indexOf.get(r.call_id);
    if (index === undefined) continue;
    const g = grouped.get(index) ?? { totals: [], criteria: new Map<string, number[]>() };
    g.totals.push(r.total_score);
    for (const [id, pts] of Object.entries(JSON.parse(r.criterion_scores) as Record<string, number>)) {
      g.criteria.set(id, [...(g.criteria.get(id) ?? []), pts]);
    }
    grouped.set(index, g);
  }
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const reviewed: ReviewedCall[] = [...grouped].map(([index, g]) => ({
    index,
    manual: mean(g.totals),
    criteria: new Map([...g.criteria].map(([id, xs]) => [id, mean(xs)])),
  }));
  const data = { key, calls, reviewed };
  perDb.set(kind, data);
  return data;
}
