import type { DetectedSpan, Turn } from './detect';
import { digitRuns, tokenize, type Token } from './spoken-numbers';

/**
 * Emails and street addresses, written or spoken ("john dot smith at gmail dot com", "twelve oak
 * street"). Optional kinds: a user turns them on in Settings. Both are found within one turn.
 */

const TLDS = new Set(['com', 'net', 'org', 'edu', 'gov', 'io', 'co', 'uk', 'us', 'ca', 'de', 'info', 'biz', 'me']);
const STREET = new Set([
  'street', 'st', 'avenue', 'ave', 'road', 'rd', 'lane', 'ln', 'drive', 'dr', 'boulevard', 'blvd', 'court', 'ct',
  'way', 'place', 'pl', 'terrace', 'circle', 'parkway', 'highway', 'hwy', 'crescent', 'close', 'square',
]);
const WRITTEN_EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

export function findEmails(turns: readonly Turn[]): DetectedSpan[] {
  const spans: DetectedSpan[] = [];
  for (const [turn, t] of turns.entries()) {
    for (const m of t.text.matchAll(WRITTEN_EMAIL)) spans.push({ kind: 'email', pieces: [{ turn, start: m.index, end: m.index + m[0].length }] });
    const toks = tokenize(t.text);
    const lower = toks.map((x) => x.text.toLowerCase());
    for (let i = 1; i < toks.length - 3; i++) {
      if (lower[i] !== 'at') continue;
      // Domain: word (dot word)+ ending in a known top-level domain.
      let j = i + 1;
      let end = -1;
      while (lower[j + 1] === 'dot' && lower[j + 2] !== undefined) {
        j += 2;
        if (TLDS.has(lower[j] ?? '')) end = j;
      }
      if (end < 0) continue;
      // Local part: a word, and words joined to it by "dot", "underscore" or "dash".
      let s = i - 1;
      while (s >= 2 && ['dot', 'underscore', 'dash'].includes(lower[s - 1] ?? '')) s -= 2;
      const start = toks[s]?.start ?? 0;
      spans.push({ kind: 'email', pieces: [{ turn, start, end: toks[end]?.end ?? start }] });
    }
  }
  return spans;
}

export function findAddresses(turns: readonly Turn[]): DetectedSpan[] {
  const spans: DetectedSpan[] = [];
  for (const [turn, t] of turns.entries()) {
    const toks = tokenize(t.text);
    const tokens: Token[] = toks.map((x, index) => ({ text: x.text, lower: x.text.toLowerCase(), index, gapBefore: x.gap }));
    for (const run of digitRuns(tokens)) {
      if (run.digits.length > 6) continue;
      // A house number, then up to four words of street name ending in a street type.
      for (let k = run.last + 1; k <= run.last + 5 && k < tokens.length; k++) {
        if (STREET.has(tokens[k]?.lower ?? '') && k > run.last + 1) {
          spans.push({ kind: 'address', pieces: [{ turn, start: toks[run.first]?.start ?? 0, end: toks[k]?.end ?? 0 }] });
          break;
        }
      }
    }
  }
  return spans;
}
