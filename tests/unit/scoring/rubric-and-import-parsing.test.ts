import { describe, expect, it } from 'vitest';
import { analyseCall } from '../../../electron/analysis/analyse-call';
import { parseColumnMap, resolveColumns } from '../../../electron/scoring/import/column-map';
import { parseDuration, transcriptFromCell } from '../../../electron/scoring/import/transcript-text';
import { scoreCallFeatures } from '../../../electron/scoring/score-call';
import { parseRubric } from '../../../shared/scoring/rubric';
import { pricingAndBookingCall } from './fixtures/example-calls';

describe('rubric schema', () => {
  it('rejects repeated criterion ids and thresholds without bounds', () => {
    const base = { kind: 'lead', name: 'r', criteria: [{ id: 'a', type: 'intent', intent: 'voicemail', points: 1 }] };
    expect(parseRubric(base).bands).toEqual({ hot: 70, warm: 40 });
    expect(() => parseRubric({ ...base, criteria: [...base.criteria, ...base.criteria] })).toThrow(/used twice/);
    expect(() => parseRubric({ ...base, criteria: [{ id: 'f', type: 'feature', feature: 'durationS', points: 1 }] })).toThrow(/min or max/);
    expect(() => parseRubric({ ...base, bands: { hot: 30, warm: 60 } })).toThrow(/hot threshold/);
  });

  it('scopes criteria to campaigns, case-insensitively, and honours configurable bands', () => {
    const rubric = parseRubric({
      kind: 'lead',
      name: 'scoped',
      bands: { hot: 95, warm: 50 },
      qualifyThreshold: 55,
      criteria: [
        { id: 'solar_only', type: 'intent', intent: 'pricing_asked', points: 30, campaigns: ['Solar'] },
        { id: 'dental', type: 'intent', intent: 'pricing_asked', points: 60, campaigns: ['DENTAL-SPRING'] },
        { id: 'attr', type: 'attribute', attribute: 'attributes.plan', in: ['None', 'basic'], points: 10 },
      ],
    });
    const r = scoreCallFeatures(analyseCall(pricingAndBookingCall()), rubric);
    expect(r.criteria.map((c) => [c.id, c.outcome, c.points])).toEqual([
      ['solar_only', 'not_applicable', 0],
      ['dental', 'met', 60],
      ['attr', 'met', 10],
    ]);
    expect(r).toMatchObject({ score: 70, band: 'warm', qualified: true });
    expect(r.criteria[2]?.evidence[0]).toEqual({ kind: 'value', feature: 'caller.attributes.plan', value: 'none', compared: 'in [None, basic]' });
  });
});

describe('import helpers', () => {
  it('reads --map and finds canonical columns case-insensitively, keeping the rest as extras', () => {
    const cols = resolveColumns(['Ref', 'PHONE_NUMBER', 'Plan'], ['lead_id', 'phone_number'], parseColumnMap('lead_id=ref'));
    expect([...cols.canonical]).toEqual([
      ['lead_id', 0],
      ['phone_number', 1],
    ]);
    expect(cols.extra).toEqual([{ name: 'Plan', index: 2 }]);
    expect(() => parseColumnMap('lead_id')).toThrow(/canonical=source/);
    expect(() => resolveColumns(['a'], ['lead_id'], parseColumnMap('lead_id=zzz'))).toThrow(/no column "zzz"/);
  });

  it('turns a text transcript into timed speaker segments', () => {
    const t = transcriptFromCell('[00:03] Agent: Hello there, how can I help?\nCaller: I want a quote please.\nthanks', 20);
    expect(t.segments.map((s) => [s.speaker, s.text])).toEqual([
      ['agent', 'Hello there, how can I help?'],
      ['customer', 'I want a quote please.'],
      ['customer', 'thanks'],
    ]);
    expect(t.segments[0]?.start).toBe(3);
    expect(t.segments[1]?.start).toBeCloseTo(t.segments[0]?.end ?? -1, 9);
    expect(parseDuration('1:02:03')).toBe(3723);
    expect(parseDuration('4:05')).toBe(245);
    expect(parseDuration('95.5')).toBe(95.5);
    expect(parseDuration('soon')).toBeNull();
  });
});
