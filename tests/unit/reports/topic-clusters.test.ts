import { describe, expect, it } from 'vitest';
import { findTopics, type TopicCall } from '../../../electron/reports/topics/topic-clusters';
import { turnTerms } from '../../../electron/reports/topics/topic-terms';

const call = (id: string, inPeriod: boolean, ...texts: string[]): TopicCall => ({
  callId: id,
  leadId: null,
  inPeriod,
  turns: texts.map((text, i) => ({ start: i, text, terms: turnTerms(text) })),
});

describe('topic terms', () => {
  it('keeps noun lemmas and noun phrases, not fillers, verbs alone or stop words', () => {
    expect(turnTerms('Yeah, the prices are too high for us')).toEqual(['price']);
    expect(turnTerms('We lose power every time there is a storm')).toEqual(expect.arrayContaining(['power', 'lose power', 'storm']));
    expect(turnTerms('okay sounds good thanks')).toEqual([]);
    expect(turnTerms('')).toEqual([]);
    expect(turnTerms('📞📞 \u0000\u0007')).toEqual([]);
  });
});

describe('topics', () => {
  it('groups terms said together, counts calls not turns, and flags what was not said before', () => {
    const calls: TopicCall[] = [];
    for (let i = 0; i < 20; i++) {
      // Before and now: price and storms. Now only: the association.
      calls.push(call(`old${i}`, false, i % 2 ? 'the monthly payment is too high' : 'we lose power in every storm'));
      calls.push(
        call(
          `new${i}`,
          true,
          i % 2 ? 'the monthly payment is too high' : 'we lose power in every storm',
          ...(i % 3 === 0 ? ['our homeowners association must approve the panels', 'the association again, sorry about the panels'] : []),
        ),
      );
    }
    const topics = findTopics(calls);
    const byTerm = (t: string): (typeof topics)[number] | undefined => topics.find((x) => x.terms.some((y) => y.term === t));
    const association = byTerm('association');
    expect(association?.isNew).toBe(true);
    // One topic, not one per word: the association and its panels are said together.
    expect(association?.terms.map((t) => t.term)).toContain('panel');
    expect(association?.calls).toBe(7);
    expect(association?.baselineShare).toBe(0);
    expect(association?.quotes.every((q) => q.callId.startsWith('new') && /association/.test(q.quote))).toBe(true);
    expect(byTerm('payment')?.isNew).toBe(false);
    expect(byTerm('power')?.isNew).toBe(false);
    expect(byTerm('payment')?.share).toBe(0.5);
  });

  it('says nothing new without enough earlier calls, and nothing at all without calls in the period', () => {
    const only = Array.from({ length: 6 }, (_, i) => call(`n${i}`, true, 'the association must approve the panels'));
    expect(findTopics(only).map((t) => [t.isNew, t.baselineShare])).toEqual([[false, null]]);
    expect(findTopics([call('old', false, 'the association must approve the panels')])).toEqual([]);
    expect(findTopics([])).toEqual([]);
  });
});
