import { describe, expect, it } from 'vitest';
import { buildDomainLanguageModel, lmTokens } from '../../../electron/transcription/engines/embedded/domain-language-model';

interface Parsed {
  p: Map<string, number>;
  bow: Map<string, number>;
}

/** Reads an ARPA text back into probabilities and backoff weights keyed by the space-joined words. */
function parseArpa(arpa: string): Parsed {
  const p = new Map<string, number>();
  const bow = new Map<string, number>();
  let order = 0;
  for (const line of arpa.split('\n')) {
    const section = /^\\(\d)-grams:$/.exec(line);
    if (section) {
      order = Number(section[1]);
      continue;
    }
    if (order === 0 || line.trim() === '' || line.startsWith('\\')) continue;
    const parts = line.split(' ');
    const key = parts.slice(1, 1 + order).join(' ');
    p.set(key, 10 ** Number(parts[0]));
    if (parts.length > order + 1) bow.set(key, 10 ** Number(parts[order + 1]));
  }
  return { p, bow };
}

function prob(m: Parsed, words: string[]): number {
  const key = words.join(' ');
  const seen = m.p.get(key);
  if (seen !== undefined) return seen;
  if (words.length === 1) return 0;
  return (m.bow.get(words.slice(0, -1).join(' ')) ?? 1) * prob(m, words.slice(1));
}

const sentences = ['How much does it cost?', 'How much is the install?', 'Call me back tomorrow.', 'Can you call me back after five?', 'What is the price on zebra units?'];
const general = ['the', 'of', 'and', 'house', 'tomorrow', 'zebra'];
const pronounceable = (w: string): boolean => w !== 'zebra' && !/\d/.test(w);

describe('buildDomainLanguageModel', () => {
  const lm = buildDomainLanguageModel({ sentences, generalWords: general, pronounceable });
  const parsed = parseArpa(lm.arpa);
  const vocab = [...lm.words, '</s>'];

  it('is a proper distribution after every history, seen or not', () => {
    for (const history of [[], ['<s>'], ['how'], ['call', 'me'], ['how', 'much'], ['house'], ['the', 'of']]) {
      const total = vocab.reduce((s, w) => s + prob(parsed, [...history, w]), 0);
      expect(total, history.join(' ')).toBeCloseTo(1, 3);
    }
  });

  it('makes the sentences likely and keeps general words possible', () => {
    expect(prob(parsed, ['how', 'much', 'does'])).toBeGreaterThan(0.2);
    expect(prob(parsed, ['call', 'me', 'back'])).toBeGreaterThan(0.5);
    expect(prob(parsed, ['house'])).toBeGreaterThan(0);
    expect(lm.words).not.toContain('zebra');
  });

  it('breaks the context at a word that cannot be spoken', () => {
    expect(lm.words).not.toContain('zebra');
    expect(parsed.p.has('on units')).toBe(false);
    expect(parsed.p.has('on </s>')).toBe(true);
  });

  it('reads words as the dictionary spells them', () => {
    expect(lmTokens("What's the price-wise ‘deal’, 2 pm?")).toEqual(["what's", 'the', 'price', 'wise', 'deal', 'two', 'pm']);
  });

  it('spells numbers as they are said: times, small numbers, years, and phone numbers digit by digit', () => {
    expect(lmTokens('Friday at 3:30, or 9:00, or 3:05')).toEqual(['friday', 'at', 'three', 'thirty', 'or', 'nine', 'or', 'three', 'oh', 'five']);
    expect(lmTokens('call 555-0142, extension 310, 42 Oak Street')).toEqual([
      'call', 'five', 'five', 'five', 'oh', 'one', 'four', 'two', 'extension', 'three', 'one', 'oh', 'forty', 'two', 'oak', 'street',
    ]);
    expect(lmTokens('founded in 1998, bought in 2015 and 2007')).toEqual(['founded', 'in', 'nineteen', 'ninety', 'eight', 'bought', 'in', 'twenty', 'fifteen', 'and', 'two', 'thousand', 'seven']);
  });
});
