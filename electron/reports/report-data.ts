import type { Db } from '../db/open';
import type { Reports } from '../../shared/api/reports';
import { bandFor } from '../../shared/scoring/bands';
import { activeBands } from '../scoring/active-bands';
import { rubricVersions } from '../scoring/rubric-store';
import { criteriaOf } from '../scoring/stored-outcomes';
import { rocAuc } from '../scoring/model/metrics';
import { activeModel, type StoredModel } from '../scoring/model/model-store';

const rate = (num: number, den: number): number | null => (den > 0 ? Math.round((num / den) * 1000) / 1000 : null);
const round = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);

function histogram(db: Db): Reports['histogram'] {
  const rows = db
    .prepare(`SELECT kind, MIN(9, CAST(score / 10 AS INTEGER)) AS b, COUNT(*) AS n FROM scores GROUP BY kind, b`)
    .all() as { kind: 'lead' | 'qa'; b: number; n: number }[];
  const out = Array.from({ length: 10 }, (_, b) => ({ bucket: `${b * 10}-${b === 9 ? 100 : b * 10 + 9}`, lead: 0, qa: 0 }));
  for (const r of rows) (out[r.b] as Reports['histogram'][number])[r.kind] = r.n;
  return out;
}

interface KnownLead {
  score: number;
  converted: number;
}

function knownLeads(db: Db): KnownLead[] {
  return db
    .prepare(
      `SELECT l.lead_score AS score, l.outcome = 'converted' AS converted FROM leads l
       WHERE l.outcome IS NOT NULL AND l.lead_score IS NOT NULL ORDER BY l.lead_score DESC, l.lead_id`,
    )
    .all() as KnownLead[];
}

function byBand(db: Db, leads: KnownLead[]): Reports['bandConversion'] {
  const bands = activeBands(db, 'lead');
  return (['hot', 'warm', 'cold'] as const).map((band) => {
    const inBand = leads.filter((l) => bandFor(l.score, bands) === band);
    const converted = inBand.filter((l) => l.converted).length;
    return { band, leads: inBand.length, converted, rate: rate(converted, inBand.length) };
  });
}

/** Deciles of leads with a known outcome, best score first; lift = the decile's rate over the overall rate. */
function deciles(leads: KnownLead[]): Reports['liftByDecile'] {
  const overall = leads.length ? leads.filter((l) => l.converted).length / leads.length : 0;
  return Array.from({ length: 10 }, (_, d) => {
    const part = leads.slice(Math.floor((d * leads.length) / 10), Math.floor(((d + 1) * leads.length) / 10));
    const r = rate(part.filter((l) => l.converted).length, part.length);
    return { decile: d + 1, leads: part.length, rate: r, lift: r === null || overall === 0 ? null : round(r / overall) };
  });
}

/**
 * Predicted vs actual conversion. With a live model: its out-of-fold reliability (each lead
 * predicted by a fold model that had not seen its outcome), not today's predictions for leads the
 * model was trained on, which would flatter it. Without one: score/100.
 */
function reliability(leads: KnownLead[], model: StoredModel | null): { basis: 'model' | 'score'; bins: Reports['reliability'] } {
  if (model) {
    return {
      basis: 'model',
      bins: (model.metrics.reliability ?? []).map((b) => {
        const [lo, hi] = b.bin.split('-').map(Number);
        return { bin: `${Math.round((lo ?? 0) * 100)}-${Math.round((hi ?? 0) * 100)}%`, predicted: round(b.predicted) ?? 0, actual: round(b.observed) ?? 0, n: b.rows };
      }),
    };
  }
  const bins = Array.from({ length: 10 }, () => ({ p: 0, y: 0, n: 0 }));
  for (const l of leads) {
    const p = l.score / 100;
    const b = bins[Math.min(9, Math.floor(p * 10))] as { p: number; y: number; n: number };
    b.p += p;
    b.y += l.converted ? 1 : 0;
    b.n++;
  }
  return {
    basis: 'score',
    bins: bins.flatMap((b, i) => (b.n ? [{ bin: `${i * 10}-${i * 10 + 10}%`, predicted: round(b.p / b.n) ?? 0, actual: round(b.y / b.n) ?? 0, n: b.n }] : [])),
  };
}

function modelFigures(model: StoredModel | null): Reports['model'] {
  if (!model) return null;
  const m = model.metrics;
  return {
    modelId: model.modelId,
    trainedAt: model.trainedAt,
    outcomes: model.rows,
    auc: Number.isFinite(m.auc) ? round(m.auc) : null,
    liftByDecile: (m.liftByDecile ?? []).map((d) => ({ decile: d.decile, leads: d.rows, rate: round(d.rate), lift: round(d.lift) })),
  };
}

export function agentTable(db: Db): Reports['agents'] {
  const rows = db
    .prepare(
      `SELECT c.agent, COUNT(*) AS calls,
              AVG(json_extract(c.features, '$.conversation.agentTalkRatio')) AS talkRatio,
              AVG(json_extract(c.features, '$.sentiment.overall')) AS sentiment,
              AVG(q.score) AS qa,
              COUNT(DISTINCT CASE WHEN l.outcome = 'converted' THEN l.lead_id END) AS won,
              COUNT(DISTINCT CASE WHEN l.outcome IS NOT NULL THEN l.lead_id END) AS known
       FROM calls c LEFT JOIN scores q ON q.call_id = c.call_id AND q.kind = 'qa' LEFT JOIN leads l ON l.lead_id = c.lead_id
       WHERE c.agent IS NOT NULL GROUP BY c.agent ORDER BY c.agent`,
    )
    .all() as { agent: string; calls: number; talkRatio: number | null; sentiment: number | null; qa: number | null; won: number; known: number }[];
  return rows.map((r) => ({
    agent: r.agent,
    calls: r.calls,
    talkRatio: round(r.talkRatio),
    sentiment: round(r.sentiment),
    qa: r.qa === null ? null : Math.round(r.qa * 10) / 10,
    conversion: rate(r.won, r.known),
  }));
}

/** Per agent, the QA criteria they miss most often (of the calls where the criterion applied), with calls to listen to. */
function coaching(db: Db): Reports['coaching'] {
  const scored = db
    .prepare(
      `SELECT c.agent, c.call_id, c.lead_id, s.rubric_id, s.outcomes
       FROM scores s JOIN calls c ON c.call_id = s.call_id
       WHERE s.kind = 'qa' AND c.agent IS NOT NULL`,
    )
    .all() as { agent: string; call_id: string; lead_id: string | null; rubric_id: number; outcomes: string }[];
  const versionOf = rubricVersions(db);
  const rows = scored.flatMap((r) => criteriaOf(versionOf(r.rubric_id), r.outcomes).map((c) => ({ ...r, ...c })));
  const per = new Map<string, Map<string, { description: string; miss: number; judged: number; examples: { call_id: string; lead_id: string | null }[] }>>();
  for (const r of rows) {
    if (r.outcome === 'not_applicable' || !(r.maxPoints > 0)) continue;
    const agent = per.get(r.agent) ?? new Map();
    per.set(r.agent, agent);
    const c = agent.get(r.id) ?? { description: r.description, miss: 0, judged: 0, examples: [] };
    agent.set(r.id, c);
    c.judged++;
    if (r.outcome === 'not_met') {
      c.miss++;
      if (c.examples.length < 3) c.examples.push({ call_id: r.call_id, lead_id: r.lead_id });
    }
  }
  return [...per]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([agent, crit]) => ({
      agent,
      missed: [...crit]
        .filter(([, c]) => c.miss > 0)
        .map(([criterion, c]) => ({ criterion, description: c.description, missRate: rate(c.miss, c.judged) ?? 0, examples: c.examples }))
        .sort((a, b) => b.missRate - a.missRate)
        .slice(0, 3),
    }));
}

function trend(db: Db): Reports['trend'] {
  return db
    .prepare(
      `SELECT strftime('%Y-W%W', c.call_start_time) AS week, COUNT(*) AS calls, AVG(ls.score) AS lead, AVG(qs.score) AS qa,
              COUNT(DISTINCT CASE WHEN l.outcome = 'converted' THEN l.lead_id END) AS converted
       FROM calls c LEFT JOIN scores ls ON ls.call_id = c.call_id AND ls.kind = 'lead'
       LEFT JOIN scores qs ON qs.call_id = c.call_id AND qs.kind = 'qa' LEFT JOIN leads l ON l.lead_id = c.lead_id
       WHERE c.call_start_time IS NOT NULL GROUP BY week ORDER BY week`,
    )
    .all()
    .map((r) => {
      const t = r as { week: string; calls: number; lead: number | null; qa: number | null; converted: number };
      return { ...t, lead: t.lead === null ? null : Math.round(t.lead * 10) / 10, qa: t.qa === null ? null : Math.round(t.qa * 10) / 10 };
    });
}

export function buildReports(db: Db): Reports {
  const leads = knownLeads(db);
  const model = activeModel(db);
  const rel = reliability(leads, model);
  const auc = rocAuc(leads.map((l) => l.score), leads.map((l) => (l.converted ? 1 : 0)));
  return {
    histogram: histogram(db),
    bandConversion: byBand(db, leads),
    liftByDecile: deciles(leads),
    scoreAuc: Number.isFinite(auc) ? round(auc) : null,
    model: modelFigures(model),
    reliabilityBasis: rel.basis,
    reliability: rel.bins,
    agents: agentTable(db),
    coaching: coaching(db),
    trend: trend(db),
  };
}
