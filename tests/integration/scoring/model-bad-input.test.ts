import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { buildLeadTable } from '../../../electron/scoring/model/lead-table';
import { activeModel, retrainIfOutcomesChanged, trainConversionModel } from '../../../electron/scoring/model/model-store';
import { runCli } from '../../fixtures/cli';
import { rng } from '../../bench/scoring-synthetic-calls';
import { conversationData, importConversationData } from './conversation-leads';
import { tempDb } from './test-db';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function db(): ReturnType<typeof tempDb>['db'] {
  const t = tempDb();
  cleanups.push(t.cleanup);
  return t.db;
}

const count = (d: ReturnType<typeof db>, table: string): number => d.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

function stored(d: ReturnType<typeof db>): Record<string, number> {
  return Object.fromEntries(['conversion_models', 'model_validation', 'model_events', 'lead_predictions', 'lead_prediction_history'].map((t) => [t, count(d, t)]));
}

describe('bad input to the conversion model', () => {
  it('zero outcomes: says so, stores nothing, and there is nothing to retrain on', () => {
    const d = db();
    importConversationData(d, conversationData(40, 3), false);
    expect(count(d, 'leads')).toBe(40);
    const out = trainConversionModel(d, { trigger: 'manual', by: 'test' });
    expect(out).toEqual({
      status: 'cold_start',
      labelled: 0,
      positives: 0,
      reason: 'no known outcomes yet: a model needs at least 10 converted and 10 lost leads; ranking by rubric score meanwhile',
    });
    expect(retrainIfOutcomesChanged(d)).toBeNull();
    expect(stored(d)).toEqual({ conversion_models: 0, model_validation: 0, model_events: 0, lead_predictions: 0, lead_prediction_history: 0 });
  });

  it('one class only: names the missing class, activates nothing', () => {
    const d = db();
    const data = conversationData(30, 4);
    importConversationData(d, { ...data, leads: data.leads.replace(/,0$/gm, ',1') });
    const out = trainConversionModel(d, { trigger: 'manual', by: 'test' });
    expect(out.status).toBe('cold_start');
    expect(out.status === 'cold_start' && out.reason).toBe(
      'all 30 known outcomes are converted: a model needs at least 10 lost leads too; ranking by rubric score meanwhile',
    );
    expect(retrainIfOutcomesChanged(d)?.status).toBe('cold_start');
    expect(activeModel(d)).toBeNull();
    expect(stored(d)).toEqual({ conversion_models: 0, model_validation: 0, model_events: 0, lead_predictions: 0, lead_prediction_history: 0 });
  });

  it('lead attributes named constructor, __proto__ and toString import and train like any other', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cr-proto-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'callrank.db');
    const r = rng(11);
    const lines = ['lead_id,converted,constructor,__proto__,toString'];
    for (let i = 0; i < 80; i++) {
      const won = r() < 0.5;
      // constructor says who will convert (with some noise); a quarter of the leads lack it.
      const hint = i % 4 === 0 ? '' : (won !== r() < 0.15) ? 'keen' : 'browsing';
      lines.push(`P${i},${won ? 'yes' : 'no'},${hint},${Math.floor(r() * 5)},${r() < 0.5 ? 'a' : 'b'}`);
    }
    const file = join(dir, 'leads.csv');
    writeFileSync(file, lines.join('\n'));
    const res = runCli(['import', 'leads', file, '--db', dbPath]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Imported 80 leads: 80 new, 0 updated, 80 outcomes recorded/);
    expect(res.stdout).toMatch(/Conversion model #1 is live/);

    const d = openDatabase(dbPath);
    cleanups.unshift(() => d.close());
    const attrs = JSON.parse(d.prepare(`SELECT attributes FROM leads WHERE lead_id = 'P1'`).pluck().get() as string) as Record<string, unknown>;
    expect(Object.keys(attrs).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    const table = buildLeadTable(d);
    expect(table.table.columns).toEqual(expect.arrayContaining(['constructor', '__proto__', 'toString']));
    // A lead without the attribute has no value, not Object's constructor function.
    const col = table.table.values[table.table.columns.indexOf('constructor')] ?? [];
    expect(col[table.leadIds.indexOf('P0')]).toBeNull();
    const model = activeModel(d);
    expect(model?.metrics.columns.categorical).toContain('constructor');
    expect(model?.metrics.topFeatures[0]?.feature).toBe('constructor');
    expect(({} as Record<string, unknown>).keen).toBeUndefined();
  });

  it('a failure while storing a model leaves the earlier state whole', () => {
    const d = db();
    importConversationData(d, conversationData(120, 5));
    const first = trainConversionModel(d, { trigger: 'manual', by: 'test', exclude: ['budget'] });
    expect(first.status).toBe('activated');
    const before = stored(d);
    const predictions = d.prepare('SELECT * FROM lead_predictions ORDER BY lead_id').all();
    // The disk fills (say) just as the new predictions are written.
    d.exec(`CREATE TEMP TRIGGER fail_history BEFORE INSERT ON lead_prediction_history BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() => trainConversionModel(d, { trigger: 'manual', by: 'test', exclude: [] })).toThrow(/disk full/);
    expect(stored(d)).toEqual(before);
    expect(d.prepare('SELECT * FROM lead_predictions ORDER BY lead_id').all()).toEqual(predictions);
    expect(activeModel(d)?.modelId).toBe(first.status === 'activated' ? first.model.modelId : -1);
    d.exec('DROP TRIGGER fail_history');
    expect(trainConversionModel(d, { trigger: 'manual', by: 'test', exclude: [] }).status).toBe('activated');
  });
});
