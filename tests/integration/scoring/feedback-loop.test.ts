import { afterEach, describe, expect, it } from 'vitest';
import { importCalls } from '../../../electron/scoring/import/import-calls';
import { importLeads } from '../../../electron/scoring/import/import-leads';
import { activeModel, modelHistory, trainConversionModel } from '../../../electron/scoring/model/model-store';
import { recordOutcome as record, type OutcomeInput } from '../../../electron/scoring/outcomes';
import { runDueRetrains } from '../../../electron/scoring/model/retrain-jobs';
import { rankOpenLeads as rankLeads } from '../../../electron/ranking/rank-leads';
import { refreshStalePredictions } from '../../../electron/scoring/model/prediction-store';
import { effectiveScore, overrideScore } from '../../../electron/scoring/score-overrides';
import { rng } from '../../bench/scoring-synthetic-calls';
import { tempDb } from './test-db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const GOOD = 'Agent: Thanks for calling, my name is Sam. This call may be recorded.\nCustomer: How much does the premium plan cost?\nAgent: It is 40 dollars a month.\nCustomer: Great, I would like to book an appointment.\nAgent: You are booked for Monday at 10.';
const BAD = "Agent: Hello, this is Sam from Acme.\nCustomer: Sorry, I'm not interested. Please stop calling.";

function dataset(n: number, seed: number): { leads: string; calls: string; good: boolean[] } {
  const r = rng(seed);
  const good = Array.from({ length: n }, () => r() < 0.5);
  const leads = ['lead_id;phone_number;lead_source;budget'];
  const calls = ['call_id,lead_id,call_start_time,call_duration,direction,agent,call_transcript'];
  good.forEach((g, i) => {
    const id = `L${String(i).padStart(3, '0')}`;
    leads.push(`${id};(415) 555-${String(1000 + i)};${r() < 0.5 ? 'web' : 'ads'};${Math.round(r() * 1000)}`);
    calls.push(`C${i},${id},2025-02-0${1 + (i % 9)}T1${i % 10}:00:00Z,${g ? '4:05' : '35'},inbound,sam,"${(g ? GOOD : BAD).replace(/"/g, '""')}"`);
  });
  return { leads: leads.join('\n'), calls: calls.join('\n'), good };
}

describe('feedback loop: cold start, outcomes, retraining, overrides', () => {
  it('ranks by rubric at cold start, by a retrained model after outcomes, and overrides/outcomes move the queue', async () => {
    const t = tempDb();
    cleanup = t.cleanup;
    const { db } = t;
    // An outcome through the one function, then its queued retrain run at once (no waiting for the debounce).
    const recordOutcome = (_db: typeof db, input: Omit<OutcomeInput, 'source'>) => {
      const { changed } = record(db, { ...input, source: 'test' });
      return { changed, retrained: runDueRetrains(db, 'test', { ignoreDebounce: true }).trained };
    };
    const { leads, calls, good } = dataset(60, 17);
    expect(importLeads(db, leads, { map: new Map() }).errors).toEqual([]);
    const callReport = importCalls(db, calls, { map: new Map() });
    expect(callReport.errors).toEqual([]);
    expect(callReport.inserted).toBe(60);

    const cold = rankLeads(db, { limit: 100 });
    expect(cold).toHaveLength(60);
    expect(cold[0]?.rank_reason).toMatch(/ranked by rubric score — cold start: 0 known outcomes/);
    expect(cold[0]?.score).toBeGreaterThanOrEqual(80);
    // A bottom lead whose outcome (lost) will disagree with the override below, so the rubric
    // score is not a perfect ranker and a model can beat it.
    const last = [...cold].reverse().find((l) => Number(l.lead_id.slice(1)) < 10);
    if (!last) throw new Error('empty queue');
    expect(last.score).toBe(0);

    // A supervisor hears something the rubric missed and lifts the bottom lead to the top.
    overrideScore(db, { callId: last.call_ids[0] ?? '', kind: 'lead', newScore: 100, by: 'sup.kim', reason: 'asked for a quote by email' });
    const afterOverride = rankLeads(db, { limit: 100 });
    expect(afterOverride[0]?.lead_id).toBe(last.lead_id);
    expect(effectiveScore(db, last.call_ids[0] ?? '', 'lead')).toMatchObject({ aiScore: 0, effectiveScore: 100, overridden: true });

    // Too few outcomes: still cold start, and training says so.
    for (let i = 0; i < 10; i++) recordOutcome(db, { leadId: `L00${i}`, outcome: good[i] ? 'converted' : 'lost', by: 'crm', reason: null });
    expect(activeModel(db)).toBeNull();
    expect(trainConversionModel(db, { trigger: 'manual' })).toMatchObject({ status: 'cold_start', labelled: 10 });

    // Enough outcomes of each class: an outcome retrains automatically, and the first model that
    // beats the rubric goes live. In this data calls separate perfectly, so later candidates tie
    // with it (AUC 1 both) and are kept as refused candidates: the live model stays.
    const statuses: string[] = [];
    for (let i = 10; i < 40; i++) {
      const res = recordOutcome(db, { leadId: `L0${i}`, outcome: good[i] ? 'converted' : 'lost', by: 'crm', reason: 'closed' });
      statuses.push(res.retrained?.status ?? 'none');
    }
    const firstLive = statuses.indexOf('activated');
    expect(firstLive).toBeGreaterThan(0);
    expect(statuses.slice(0, firstLive).every((s) => s === 'cold_start')).toBe(true);
    expect(statuses.slice(firstLive + 1).every((s) => s === 'refused')).toBe(true);
    const model = activeModel(db);
    expect(model?.trigger).toBe('auto');
    expect(model?.rows).toBe(10 + firstLive + 1);
    expect(modelHistory(db).filter((h) => h.decision === 'refused').every((h) => /does not beat the active model/.test(h.decisionReason))).toBe(true);
    const ranked = rankLeads(db, { limit: 100 });
    expect(ranked).toHaveLength(20);
    expect(ranked[0]?.rank_reason).toMatch(/^priority [\d.-]+: model #\d+ \((gbdt|logistic), CV AUC/);
    const top = ranked[0];
    if (!top) throw new Error('empty queue');
    // Good calls are what converts in this data, so they must rank above bad ones.
    const idx = (id: string): number => Number(id.slice(1));
    const goodProb = ranked.filter((r) => good[idx(r.lead_id)] && r.lead_id !== last.lead_id).map((r) => r.probability ?? 0);
    const badProb = ranked.filter((r) => !good[idx(r.lead_id)] && r.lead_id !== last.lead_id).map((r) => r.probability ?? 1);
    expect(Math.min(...goodProb)).toBeGreaterThan(Math.max(...badProb));

    // A later override touches one lead: only that lead is re-predicted.
    const open = ranked.find((r) => r.lead_id !== top.lead_id && r.call_ids.length > 0);
    if (!open) throw new Error('no open lead');
    refreshStalePredictions(db, activeModel(db));
    const before = db.prepare('SELECT MAX(predicted_at) AS t FROM lead_predictions').get() as { t: string };
    await new Promise((done) => setTimeout(done, 5));
    overrideScore(db, { callId: open.call_ids[0] ?? '', kind: 'lead', newScore: 55, by: 'sup.kim', reason: 'test' });
    refreshStalePredictions(db, activeModel(db));
    const fresh = db.prepare('SELECT lead_id FROM lead_predictions WHERE predicted_at > ?').pluck().all(before.t);
    expect(fresh).toEqual([open.lead_id]);

    // An outcome on the top lead closes it, leaves the queue, and retrains: the candidate is kept beside the live model.
    const res = recordOutcome(db, { leadId: top.lead_id, outcome: 'lost', by: 'agent.bo', reason: 'bought elsewhere' });
    expect(res.retrained?.status).toMatch(/^(activated|refused)$/);
    const after = rankLeads(db, { limit: 100 });
    expect(after.map((r) => r.lead_id)).not.toContain(top.lead_id);
    const history = modelHistory(db);
    expect(history.length).toBeGreaterThanOrEqual(2);
    expect(history.filter((h) => h.active)).toHaveLength(1);
    expect(history.every((h) => typeof h.metrics.auc === 'number' && h.decisionReason.length > 0)).toBe(true);
    const outcomeRows = db.prepare("SELECT old_value, new_value, recorded_by, reason FROM outcomes WHERE lead_id = ? ORDER BY outcome_id").all(top.lead_id);
    expect(outcomeRows.at(-1)).toEqual({ old_value: null, new_value: 'lost', recorded_by: 'agent.bo', reason: 'bought elsewhere' });
  });
});
