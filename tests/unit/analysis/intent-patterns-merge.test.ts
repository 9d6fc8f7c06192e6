import { describe, expect, it } from 'vitest';
import { analyseCall } from '../../../electron/analysis/analyse-call';
import { DEFAULT_INTENT_PATTERNS, mergeIntentPatterns } from '../../../electron/analysis/intent-patterns';
import { pricingAndBookingCall } from '../scoring/fixtures/example-calls';

describe('custom intent patterns', () => {
  it('replace a default by id, add campaign statements and disable defaults', () => {
    const patterns = mergeIntentPatterns({
      intents: [{ id: 'pricing_asked', speaker: 'customer', patterns: ['\\bmembership\\b'] }],
      script: [{ id: 'hipaa_notice', speaker: 'agent', patterns: ['protected health information'], campaigns: ['dental-spring'] }],
      disable: ['voicemail'],
    });
    expect(patterns.intents.map((i) => i.id)).not.toContain('voicemail');
    expect(patterns.intents.length).toBe(DEFAULT_INTENT_PATTERNS.intents.length - 1);
    const f = analyseCall({ ...pricingAndBookingCall(), patterns });
    // The example customer asks "how much" but never says "membership" (the agent does), so the replaced pattern does not fire.
    expect(f.intents.map((i) => i.id)).not.toContain('pricing_asked');
    expect(f.script.find((s) => s.id === 'hipaa_notice')).toEqual({ id: 'hipaa_notice', speaker: 'agent', found: false, evidence: null });
    expect(() => mergeIntentPatterns({ intents: [{ id: 'x', patterns: [] }] })).toThrow();
  });
});
