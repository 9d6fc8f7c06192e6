import { describe, expect, it } from 'vitest';
import { analyseCall } from '../../../electron/analysis/analyse-call';
import { DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC } from '../../../electron/scoring/default-rubrics';
import { scoreCallFeatures } from '../../../electron/scoring/score-call';
import { callFeaturesSchema } from '../../../shared/scoring/call-features';
import type { ScoreResult } from '../../../shared/scoring/score-result';
import { pricingAndBookingCall, wrongNumberCall } from './fixtures/example-calls';

function met(result: ScoreResult): Record<string, number> {
  return Object.fromEntries(result.criteria.filter((c) => c.outcome === 'met').map((c) => [c.id, c.points]));
}

describe('default lead rubric on the spec examples', () => {
  it('scores a 4-minute first-time caller who asked the price and booked at about 90, every point explained', () => {
    const features = analyseCall(pricingAndBookingCall());
    expect(callFeaturesSchema.parse(JSON.parse(JSON.stringify(features)))).toEqual(features);
    const result = scoreCallFeatures(features, DEFAULT_LEAD_RUBRIC);
    expect(result.score).toBeGreaterThanOrEqual(85);
    expect(result.score).toBeLessThanOrEqual(95);
    expect(result.band).toBe('hot');
    expect(result.qualified).toBe(true);
    expect(met(result)).toEqual({
      appointment_booked: 40,
      pricing_asked: 20,
      appointment_requested: 10,
      engaged_conversation: 10,
      first_time_caller: 10,
    });
    const booked = result.criteria.find((c) => c.id === 'appointment_booked');
    expect(booked?.evidence[0]).toMatchObject({ kind: 'quote', start: 140.5, speaker: 'agent' });
    expect(booked?.evidence[0]?.kind === 'quote' && booked.evidence[0].quote).toContain("you're booked for Thursday");
    const pricing = result.criteria.find((c) => c.id === 'pricing_asked');
    expect(pricing?.evidence[0]).toMatchObject({ kind: 'quote', start: 20.5, speaker: 'customer' });
    const duration = result.criteria.find((c) => c.id === 'engaged_conversation');
    expect(duration?.evidence[0]).toEqual({ kind: 'value', feature: 'durationS', value: 240, compared: '>= 120' });
    // Points given add up to the score, so the explanation is the whole story.
    expect(result.criteria.reduce((s, c) => s + c.points, 0)).toBe(result.score);
    expect(result.criteria.find((c) => c.id === 'clear_need_and_timeline')?.outcome).toBe('not_applicable');
  });

  it('scores a 30-second wrong number near 0 and says why', () => {
    const result = scoreCallFeatures(analyseCall(wrongNumberCall()), DEFAULT_LEAD_RUBRIC);
    expect(result.score).toBeLessThanOrEqual(5);
    expect(result.band).toBe('cold');
    expect(result.qualified).toBe(false);
    const wrong = result.criteria.find((c) => c.id === 'wrong_number');
    expect(wrong?.points).toBe(-50);
    expect(wrong?.evidence[0]).toMatchObject({ kind: 'quote', speaker: 'customer', start: 5.5 });
    expect(result.criteria.find((c) => c.id === 'very_short_call')?.points).toBe(-10);
    expect(result.criteria.find((c) => c.id === 'appointment_booked')?.outcome).toBe('not_met');
  });

  it('the QA scorecard rewards the disclosure and introduction the good call has', () => {
    const qa = scoreCallFeatures(analyseCall(pricingAndBookingCall()), DEFAULT_QA_RUBRIC);
    const ids = qa.criteria.filter((c) => c.outcome === 'met').map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['recording_disclosure', 'agent_introduction', 'next_steps', 'discovery_questions']));
    expect(ids).not.toContain('rude_language');
    const bad = scoreCallFeatures(analyseCall(wrongNumberCall()), DEFAULT_QA_RUBRIC);
    expect(qa.score).toBeGreaterThan(bad.score);
  });
});
