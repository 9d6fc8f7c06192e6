import { describe, expect, it } from 'vitest';
import { builtInTrackers } from '../../../electron/trackers/built-in-trackers';
import { compileTracker, matchSentences, splitSentences, trackerProbability } from '../../../electron/trackers/match-trackers';
import { TrackerDefinitionError } from '../../../electron/trackers/tracker-definition';
import { parseTrackerModel, serialiseTrackerModel } from '../../../electron/trackers/tracker-model';
import { trainTracker } from '../../../electron/trackers/train-tracker';
import { sentenceFeatures } from '../../../electron/trackers/sentence-features';
import { BACKGROUND_SENTENCES } from '../../../electron/trackers/train-tracker-set';

const said = (text: string, speaker = 'customer') => ({ text, speaker, start: 12.5 });
const ids = (text: string, speaker = 'customer') =>
  matchSentences(builtInTrackers(), [said(text, speaker)]).map((h) => h.trackerId);

describe('tracker engine API: train(examples, negatives) -> model, match(sentences) -> hits', () => {
  const warranty = {
    id: 'warranty_asked',
    label: 'Warranty asked',
    speaker: 'customer',
    examples: [
      'What kind of warranty does it come with?',
      'Is there a guarantee on the work?',
      'how long is the warranty',
      'Are parts and labour covered if it breaks?',
      'Do you stand behind your work?',
      'what happens if it fails after a year',
    ],
    notThis: ['The warranty card is in the box.', 'My last warranty claim went fine.'],
  };

  it('learns a new concept from a handful of examples and finds a paraphrase with quote, time, speaker and confidence', () => {
    const model = trainTracker(warranty, { negatives: BACKGROUND_SENTENCES });
    const hits = matchSentences([compileTracker(model)], [said('Does it come with any kind of guarantee?'), said('We have a big dog.')]);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ trackerId: 'warranty_asked', quote: 'Does it come with any kind of guarantee?', start: 12.5, speaker: 'customer' });
    expect(hits[0]!.confidence).toBeGreaterThan(0.5);
    expect(hits[0]!.confidence).toBeLessThanOrEqual(1);
  });

  it('keeps to its speaker: a customer concept said by the agent is not a hit', () => {
    const model = compileTracker(trainTracker(warranty, { negatives: BACKGROUND_SENTENCES }));
    expect(matchSentences([model], [said('What kind of warranty does it come with?', 'agent')])).toEqual([]);
  });

  it('never fires on one of its own "not this" sentences word for word (a hit marked wrong), but still scores a sentence one word away', () => {
    const wrong = 'Does the warranty cover the labour too?';
    const marked = compileTracker(trainTracker({ ...warranty, notThis: [...warranty.notThis, wrong] }, { negatives: BACKGROUND_SENTENCES }));
    const sentence = sentenceFeatures(wrong);
    expect(trackerProbability(marked, sentence)).toBe(0);
    expect(trackerProbability(marked, sentenceFeatures('Does the warranty cover the parts too?'))).toBeGreaterThan(0.01);
    const unmarked = compileTracker(trainTracker(warranty, { negatives: BACKGROUND_SENTENCES }));
    expect(trackerProbability(unmarked, sentence)).toBeGreaterThan(0.5);
  });

  it('serialises to JSON and reads back to a model that matches the same', () => {
    const model = trainTracker(warranty, { negatives: BACKGROUND_SENTENCES });
    const again = parseTrackerModel(serialiseTrackerModel(model));
    expect(again).toEqual(model);
    const sentences = [said('how long is your guarantee'), said('ok thanks bye')];
    expect(matchSentences([compileTracker(again)], sentences)).toEqual(matchSentences([compileTracker(model)], sentences));
  });

  it('refuses a tracker with no examples, or only blank ones, naming it', () => {
    expect(() => trainTracker({ id: 'empty_one', label: 'Empty', examples: [] })).toThrow(TrackerDefinitionError);
    expect(() => trainTracker({ id: 'empty_one', label: 'Empty', examples: ['   ', ''] })).toThrow(/tracker "empty_one" has no example sentences/);
    expect(() => trainTracker({ id: 'Bad Id!', examples: ['x'] })).toThrow(/tracker "Bad Id!" is not valid: id:/);
  });

  it('refuses a damaged stored model with a clear error', () => {
    expect(() => parseTrackerModel('{"format":1,"id":"x"}')).toThrow();
    expect(() => parseTrackerModel('not json')).toThrow(SyntaxError);
  });
});

describe('sentence features', () => {
  const clusterTerms = (text: string) => sentenceFeatures(text).terms.filter((t) => t.includes('~'));

  it('give near-synonyms a shared cluster term, negated inside a negation, and none to function words', () => {
    expect(clusterTerms('call me tomorrow')).toEqual(clusterTerms('call me tonight'));
    expect(clusterTerms('call me tomorrow')).not.toEqual(clusterTerms('call me'));
    expect(clusterTerms('ask my wife')).toEqual(clusterTerms('ask my husband'));
    expect(clusterTerms("it isn't cheap")).toContain(clusterTerms('cheap')[0]!.replace('~', 'not:~'));
    expect(clusterTerms('the of and')).toEqual([]);
  });
});

describe('built-in trackers', () => {
  it('match by meaning, not exact words', () => {
    expect(ids('What kind of cash are we looking at for the whole job?')).toContain('pricing_asked');
    expect(ids('Could you get somebody over here Monday to look at it?')).toContain('appointment_requested');
    expect(ids('Thanks for calling Harbor Plumbing, this is Jen.', 'agent')).toContain('agent_introduction');
  });

  it('read negation: a concept said in the negative is not a hit', () => {
    expect(ids("Honestly the cost isn't what worries me.")).not.toContain('pricing_asked');
    expect(ids('Yes, you dialed correctly, this is her.')).not.toContain('wrong_number');
  });

  it('read speech-recogniser text without capitals or punctuation', () => {
    expect(ids('hey can you guys ring me back tomorrow after lunch')).toContain('callback_requested');
  });

  it('find nothing in another language, emoji or control characters, and still read English around them', () => {
    for (const text of ['¿Cuánto cuesta la instalación?', 'Können Sie mich morgen zurückrufen?', '这个多少钱？', '😀😀😀', '\u0000\u0001\u0007']) {
      expect(ids(text)).toEqual([]);
    }
    expect(ids('How much 💰 does it cost\u0000\u0007?')).toEqual(['pricing_asked']);
  });

  it('split long unpunctuated speech into readable windows', () => {
    const words = Array.from({ length: 95 }, (_, i) => `w${i}`).join(' ');
    expect(splitSentences(words).map((s) => s.split(' ').length)).toEqual([40, 40, 15]);
    expect(splitSentences('See Dr. Patel Thursday. Bring your card!')).toEqual(['See Dr. Patel Thursday.', 'Bring your card!']);
    expect(splitSentences('  ')).toEqual([]);
  });
});
