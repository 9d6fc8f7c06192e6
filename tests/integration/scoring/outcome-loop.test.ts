import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../../electron/core/api-handlers';
import { createCoreContext } from '../../../electron/core/context';
import { dispatch } from '../../../electron/core/dispatch';
import { importLeads } from '../../../electron/scoring/import/import-leads';
import { activeModel, modelHistory } from '../../../electron/scoring/model/model-store';
import { DEBOUNCE_MS, listModelJobs, runDueRetrains } from '../../../electron/scoring/model/retrain-jobs';
import { retrainRunner } from '../../../electron/scoring/model/retrain-runner';
import { recordOutcome, recordOutcomes } from '../../../electron/scoring/outcomes';
import { insertLead, tempDb } from './test-db';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function seeded(n = 6): ReturnType<typeof tempDb> {
  const t = tempDb();
  cleanups.push(t.cleanup);
  for (let i = 0; i < n; i++) insertLead(t.db, `L${i}`, `+1415555${1000 + i}`);
  return t;
}

const history = (t: ReturnType<typeof tempDb>, leadId: string): unknown[] =>
  t.db.prepare('SELECT old_value, new_value, recorded_by, source FROM outcomes WHERE lead_id = ? ORDER BY outcome_id').all(leadId);

describe('one outcome loop', () => {
  it('the queue keys, REST-style updates and a CSV import all record who, when, old and new, and queue one debounced retrain', async () => {
    const t = seeded();
    const ctx = createCoreContext(t.db);
    cleanups.push(() => ctx.retrainer.close());
    const api = createApiHandlers(ctx);
    await dispatch(api, 'recordOutcome', { leadId: 'L0', outcome: 'converted', by: 'sup.kim' });
    await dispatch(api, 'recordOutcome', { leadId: 'L1', outcome: 'lost' });
    recordOutcome(t.db, { leadId: 'L2', outcome: 'converted', by: 'api', reason: 'signed', source: 'api' });
    const csv = importLeads(t.db, 'lead_id,converted\nL3,1\nL4,0\nL9,1', { map: new Map(), by: 'ops' });
    expect(csv).toMatchObject({ errors: [], outcomesChanged: 3 });

    expect(history(t, 'L0')).toEqual([{ old_value: null, new_value: 'converted', recorded_by: 'sup.kim', source: 'queue' }]);
    expect(history(t, 'L1')).toEqual([{ old_value: null, new_value: 'lost', recorded_by: 'supervisor', source: 'queue' }]);
    expect(history(t, 'L9')).toEqual([{ old_value: null, new_value: 'converted', recorded_by: 'ops', source: 'import' }]);
    // Six outcomes, one queued run: the debounce folds them.
    const jobs = listModelJobs(t.db);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: 'queued', requests: 6, kind: 'retrain' });
    expect((jobs[0]?.runAfterMs ?? 0) - Date.parse(jobs[0]?.requestedAt ?? '')).toBeGreaterThanOrEqual(DEBOUNCE_MS);
    // Not trained on the serving thread: nothing ran yet.
    expect(modelHistory(t.db)).toEqual([]);
  });

  it('runs the queued retrain in a worker thread once its debounce passes, and records the result on the row', async () => {
    const t = seeded();
    recordOutcome(t.db, { leadId: 'L0', outcome: 'converted', by: 'sam', reason: null, source: 'queue' });
    let ran = 0;
    const runner = retrainRunner(t.db, () => ran++, { inProcess: false });
    cleanups.push(() => runner.close());
    await runner.idle();
    expect(ran).toBe(1);
    const [job] = listModelJobs(t.db);
    expect(job).toMatchObject({ state: 'done', modelId: null });
    expect(job?.result).toMatch(/^cold start: all 1 known outcomes are converted: a model needs at least 10 lost leads too/);
    expect(activeModel(t.db)).toBeNull();
  });

  it('an outcome for an unknown lead is refused by name and stores nothing, not even the others of its batch', () => {
    const t = seeded();
    expect(() =>
      recordOutcomes(t.db, [
        { leadId: 'L0', outcome: 'converted', by: 'crm:hubspot', reason: null, source: 'crm:hubspot' },
        { leadId: 'L-nobody', outcome: 'lost', by: 'crm:hubspot', reason: null, source: 'crm:hubspot' },
      ]),
    ).toThrow('lead L-nobody not found: no outcome recorded');
    expect(t.db.prepare('SELECT count(*) FROM outcomes').pluck().get()).toBe(0);
    expect(t.db.prepare('SELECT outcome FROM leads WHERE lead_id = ?').pluck().get('L0')).toBeNull();
    expect(listModelJobs(t.db)).toEqual([]);
    expect(() => recordOutcome(t.db, { leadId: 'L0', outcome: 'won' as 'converted', by: 'x', reason: null, source: 'api' })).toThrow(/converted, lost or null/);
    expect(() => recordOutcome(t.db, { leadId: 'L0', outcome: 'lost', by: ' ', reason: null, source: 'api' })).toThrow(/who recorded it/);
    expect(t.db.prepare('SELECT count(*) FROM outcomes').pluck().get()).toBe(0);
  });

  it('an outcome flipped back and forth keeps every step, ends on the last value, and activates nothing on too little evidence', () => {
    const t = seeded();
    const flips = ['converted', 'lost', 'converted', null, 'lost'] as const;
    for (const o of flips) recordOutcome(t.db, { leadId: 'L0', outcome: o, by: 'sam', reason: null, source: 'queue' });
    // The same value again is no change: no history row, no retrain request.
    expect(recordOutcome(t.db, { leadId: 'L0', outcome: 'lost', by: 'sam', reason: null, source: 'queue' }).changed).toBe(false);
    expect(history(t, 'L0').map((h) => (h as { old_value: string | null; new_value: string | null }))).toEqual([
      { old_value: null, new_value: 'converted', recorded_by: 'sam', source: 'queue' },
      { old_value: 'converted', new_value: 'lost', recorded_by: 'sam', source: 'queue' },
      { old_value: 'lost', new_value: 'converted', recorded_by: 'sam', source: 'queue' },
      { old_value: 'converted', new_value: null, recorded_by: 'sam', source: 'queue' },
      { old_value: null, new_value: 'lost', recorded_by: 'sam', source: 'queue' },
    ]);
    expect(listModelJobs(t.db)).toMatchObject([{ state: 'queued', requests: 5 }]);
    const { jobs } = runDueRetrains(t.db, 'test', { ignoreDebounce: true });
    expect(jobs).toMatchObject([{ state: 'done' }]);
    expect(jobs[0]?.result).toMatch(/all 1 known outcomes are lost: a model needs at least 10 converted leads too/);
    expect(activeModel(t.db)).toBeNull();
    expect(modelHistory(t.db)).toEqual([]);
  });
});
