import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ItsFunction } from 'wink-nlp';
import { winkNlp, type WinkPass } from '../../../electron/analysis/wink-nlp';
import { normaliseSentence, TRACKER_PASSES } from '../../../electron/trackers/sentence-features';
import { BACKGROUND_SENTENCES } from '../../../electron/trackers/train-tracker-set';
import { evalSentenceSchema, EVAL_SENTENCES_PATH } from '../../fixtures/trackers/eval-set';

const EVERY_PASS: WinkPass[] = ['sbd', 'negation', 'sentiment', 'pos', 'ner', 'cer'];

/** What sentenceFeatures reads of each token. */
function annotations(passes: readonly WinkPass[], text: string): unknown[] {
  const nlp = winkNlp(passes);
  const its = nlp.its;
  const tokens = nlp.readDoc(text).tokens();
  return [
    tokens.out(its.type),
    tokens.out(its.lemma as unknown as ItsFunction<string>),
    tokens.out(its.normal),
    tokens.out(its.negationFlag),
    tokens.out(its.pos),
  ];
}

describe('the NLP passes trackers run', () => {
  // Tracker probabilities are a function of these annotations, so equal annotations keep every
  // model's probabilities bit for bit what they were with every pass running.
  it('annotate every token of the eval set and the background sentences exactly as all of wink-nlp passes do', () => {
    const evalSet = readFileSync(EVAL_SENTENCES_PATH, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => evalSentenceSchema.parse(JSON.parse(l)).text);
    const hard = [
      "No, this is the right number, I'm not interested though.",
      "The price isn't my concern. We don't need it! Call me at 5:30 tomorrow, John Smith from Comcast.",
      'nah were good dont call again thats not what i asked for',
    ];
    const sentences = [...evalSet, ...BACKGROUND_SENTENCES, ...hard].map(normaliseSentence);
    expect(sentences.length).toBeGreaterThan(1000);
    let negated = 0;
    for (const s of sentences) {
      const full = annotations(EVERY_PASS, s);
      expect(annotations(TRACKER_PASSES, s), s).toEqual(full);
      if ((full[3] as boolean[]).some(Boolean)) negated++;
    }
    // The comparison covers negation scopes, not only plain sentences.
    expect(negated).toBeGreaterThan(50);
  });
});
