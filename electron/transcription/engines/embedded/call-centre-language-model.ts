import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKGROUND_SENTENCES, BUILT_IN_TRACKER_DEFINITIONS } from '../../../trackers/train-tracker-set';
import { wordVectors } from '../../../trackers/word-vectors';
import { buildDomainLanguageModel, type DomainLanguageModel } from './domain-language-model';

/** How many of the most frequent general English words the call-centre model may also hear. */
const GENERAL_WORDS = 10_000;
/**
 * The decoder trusts this model more than the general one (pocketsphinx's default -lw is 6.5): at 10, two dev
 * samples of 8 kHz calls kept 16/44 and 7/44 tracker concepts against 12/44 and 5/44 (on the first, -lw 8, 12
 * and 14 kept 13, 14 and 10). docs/design/embedded-call-centre-lm.md.
 */
const LANGUAGE_WEIGHT = 10;

/**
 * What the call-centre model is built from: how callers and agents say the trackers' concepts (their
 * examples and "not this" sentences, which are the near misses people also say) and everyday call chatter.
 * Never the evaluation set.
 */
export function callCentreSentences(): string[] {
  return [...BUILT_IN_TRACKER_DEFINITIONS.flatMap((d) => [...d.examples, ...d.notThis]), ...BACKGROUND_SENTENCES];
}

let built: DomainLanguageModel | undefined;

/**
 * The call-centre model built from the given sentences. The product uses callCentreSentences(); the
 * heard-examples script builds it without the sentences it decodes, so they sound as unseen speech does.
 */
export function buildCallCentreLanguageModel(modelRoot: string, sentences: readonly string[]): DomainLanguageModel {
  const dictionary = new Set<string>();
  for (const line of readFileSync(join(modelRoot, 'cmudict-en-us.dict'), 'utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) dictionary.add(line.slice(0, space).replace(/\(\d+\)$/, ''));
  }
  return {
    ...buildDomainLanguageModel({
      sentences,
      generalWords: wordVectors().words.slice(0, GENERAL_WORDS),
      pronounceable: (w) => dictionary.has(w),
    }),
    languageWeight: LANGUAGE_WEIGHT,
  };
}

/** Built once per process (about 0.2 s), from the shipped trackers, so it always matches them. */
export function callCentreLanguageModel(modelRoot: string): DomainLanguageModel {
  built ??= buildCallCentreLanguageModel(modelRoot, callCentreSentences());
  return built;
}
