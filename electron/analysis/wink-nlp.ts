import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type winkNLPType from 'wink-nlp';
import type { WinkMethods } from 'wink-nlp';

/** wink-nlp's annotation passes; each reader asks only for those it reads. */
export type WinkPass = 'sbd' | 'negation' | 'sentiment' | 'pos' | 'ner' | 'cer';

const loaded = new Map<string, WinkMethods>();

/**
 * wink-nlp with its English model and the given passes, loaded on first use (lazyPackages in
 * eslint.config.js: most starts read no text), once per set of passes.
 *
 * Loading it also turns off V8's allocation-site pretenuring for this process: V8 soon marks
 * wink-nlp's per-document allocation sites as long-lived and allocates every document straight in
 * the old generation, where it waits for a rare full collection. Re-analysing 10,000 calls then grew the heap by about 110 MB of garbage (peak RSS
 * 375-414 MB); without pretenuring the heap stays flat and the run is no slower
 * (docs/design/nlp-memory.md).
 */
export function winkNlp(passes: readonly WinkPass[]): WinkMethods {
  const key = passes.join(',');
  let nlp = loaded.get(key);
  if (!nlp) {
    setFlagsFromString('--no-allocation-site-pretenuring');
    const require = createRequire(import.meta.url);
    const winkNLP = require('wink-nlp') as typeof winkNLPType;
    nlp = winkNLP(require('wink-eng-lite-web-model') as Parameters<typeof winkNLPType>[0], [...passes]);
    loaded.set(key, nlp);
  }
  return nlp;
}
