/**
 * Digits as people say them and speech engines write them: numerals ("4111", "4111-1111"), digit
 * words ("four one one one"), "oh" or "o" for zero, "double five", "triple seven", teens and tens
 * ("forty five", "nineteen"), and "hundred" ("four hundred twelve"). A run is a sequence of such
 * chunks joined only by spaces, light punctuation or hesitations ("uh", "dash"), so "my card is
 * four one one one, one one one one" becomes one run of eight digits with its chunk boundaries kept
 * (the grouping is evidence: 3-2-4 is how an SSN is read out).
 */

export interface Token {
  /** The token as written (letters or digits only). */
  text: string;
  lower: string;
  /** Position in the stream's own numbering (the caller maps it back to its source). */
  index: number;
  /** Characters between the previous token and this one in the same piece of text; null across turns. */
  gapBefore: string | null;
}

export interface Chunk {
  digits: string;
  /** First and last token index (inclusive) the chunk came from. */
  first: number;
  last: number;
}

export interface DigitRun {
  chunks: Chunk[];
  digits: string;
  first: number;
  last: number;
}

const UNITS: Record<string, string> = {
  zero: '0', oh: '0', o: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
};
const TEENS: Record<string, string> = {
  ten: '10', eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17', eighteen: '18', nineteen: '19',
};
const TENS: Record<string, string> = {
  twenty: '2', thirty: '3', forty: '4', fourty: '4', fifty: '5', sixty: '6', seventy: '7', eighty: '8', ninety: '9',
};
const REPEAT: Record<string, number> = { double: 2, triple: 3 };
/** How engines often write a digit word; taken as the digit only between two other digits of a run. */
const HOMOPHONES: Record<string, string> = { to: '2', too: '2', for: '4', won: '1', ate: '8' };
/** Words a speaker may put between groups without ending the number. */
const FILLERS = new Set(['uh', 'um', 'er', 'erm', 'ah', 'hmm', 'dash', 'hyphen', 'space']);
/** Punctuation that may sit between two groups of one number. */
const JOINING_GAP = /^[\s\-.,/():;]{0,4}$/;

function unitOf(t: Token | undefined): string | undefined {
  if (!t) return undefined;
  if (/^\d$/.test(t.lower)) return t.lower;
  return UNITS[t.lower];
}

function joined(t: Token | undefined): boolean {
  return t !== undefined && (t.gapBefore === null || JOINING_GAP.test(t.gapBefore));
}

/** Two digits from "forty five", "forty", "fifteen"; the count of tokens used. */
function twoDigits(tokens: readonly Token[], i: number): { digits: string; used: number } | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  const teen = TEENS[t.lower];
  if (teen) return { digits: teen, used: 1 };
  const tens = TENS[t.lower];
  if (!tens) return undefined;
  // "forty five" is one pair; "forty, five" is two groups.
  const next = tokens[i + 1];
  const unit = unitOf(next);
  if (unit && unit !== '0' && next && /^[a-z]+$/.test(next.lower) && /^[\s-]+$/.test(next.gapBefore ?? '') && next.lower !== 'o')
    return { digits: tens + unit, used: 2 };
  return { digits: tens + '0', used: 1 };
}

/** What follows "hundred": "four hundred" 400, "four hundred twelve" 412, "four hundred and five" 405. */
function hundredTail(tokens: readonly Token[], i: number): { digits: string; used: number } {
  let j = i;
  if (tokens[j]?.lower === 'and' && joined(tokens[j])) j++;
  if (joined(tokens[j])) {
    const two = twoDigits(tokens, j);
    if (two) return { digits: two.digits, used: j - i + two.used };
    const unit = unitOf(tokens[j]);
    if (unit && tokens[j]?.lower !== 'o' && /^[a-z]+$/.test(tokens[j]?.lower ?? '')) return { digits: '0' + unit, used: j - i + 1 };
  }
  return { digits: '00', used: 0 };
}

/** One chunk at token i, or undefined if no number starts there. `inRun`: a lone "o" counts only inside a run. */
export function parseChunk(tokens: readonly Token[], i: number, inRun: boolean): Chunk | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  if (/^\d+$/.test(t.lower)) return { digits: t.lower, first: i, last: i };
  const times = REPEAT[t.lower];
  if (times) {
    const next = tokens[i + 1];
    const unit = unitOf(next);
    if (unit && next && joined(next))
      return { digits: unit.repeat(times), first: i, last: i + 1 };
    return undefined;
  }
  const homophone = HOMOPHONES[t.lower];
  if (homophone && inRun) {
    const next = tokens[i + 1];
    if (next && joined(next) && !HOMOPHONES[next.lower] && parseChunk(tokens, i + 1, true)) return { digits: homophone, first: i, last: i };
    return undefined;
  }
  const unit = UNITS[t.lower];
  if (unit !== undefined) {
    if (t.lower === 'o' && !inRun) return undefined;
    if (tokens[i + 1]?.lower === 'hundred' && joined(tokens[i + 1]) && unit !== '0') {
      const tail = hundredTail(tokens, i + 2);
      return { digits: unit + tail.digits, first: i, last: i + 1 + tail.used };
    }
    return { digits: unit, first: i, last: i };
  }
  const two = twoDigits(tokens, i);
  if (two) {
    const after = i + two.used;
    if (TEENS[t.lower] && tokens[after]?.lower === 'hundred' && joined(tokens[after])) {
      const tail = hundredTail(tokens, after + 1);
      return { digits: two.digits + tail.digits, first: i, last: after + tail.used };
    }
    return { digits: two.digits, first: i, last: after - 1 };
  }
  return undefined;
}

/** Every run of number chunks in a token stream, in order. */
export function digitRuns(tokens: readonly Token[]): DigitRun[] {
  const runs: DigitRun[] = [];
  let current: DigitRun | null = null;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (!t) break;
    const continuing = current !== null && joined(t);
    if (current && continuing && FILLERS.has(t.lower) && parseChunk(tokens, i + 1, true) && joined(tokens[i + 1])) {
      i++;
      continue;
    }
    const chunk = parseChunk(tokens, i, continuing);
    if (!chunk) {
      current = null;
      i++;
      continue;
    }
    if (current && continuing) {
      current.chunks.push(chunk);
      current.digits += chunk.digits;
      current.last = chunk.last;
    } else {
      current = { chunks: [chunk], digits: chunk.digits, first: chunk.first, last: chunk.last };
      runs.push(current);
    }
    i = chunk.last + 1;
  }
  return runs;
}

/** Splits text into letter/digit tokens with the characters between them. */
export function tokenize(text: string): { text: string; start: number; end: number; gap: string }[] {
  const out: { text: string; start: number; end: number; gap: string }[] = [];
  const re = /[A-Za-z]+(?:'[A-Za-z]+)?|\d+/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length, gap: text.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  return out;
}
