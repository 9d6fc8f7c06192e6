/**
 * Removes payment cards, SSNs and bank details from text before it may leave the machine.
 * Transcripts write numbers both as digits ("4111 1111 …") and as words ("four one one one …",
 * "oh" for zero), with any mix of spaces, dashes and commas, so detection works on runs of
 * digit tokens rather than on one formatted pattern. It errs towards removing: any run of nine
 * or more digits is taken out even when it matches no known shape, since a missed card number
 * costs far more than a question answered without a long number.
 */

export type PiiKind = 'card' | 'ssn' | 'bank_account' | 'iban' | 'long_number';

export interface Redaction {
  text: string;
  found: Record<PiiKind, number>;
}

const DIGIT_WORDS: Record<string, string> = {
  zero: '0', oh: '0', o: '0', one: '1', two: '2', three: '3', four: '4', five: '5',
  six: '6', seven: '7', eight: '8', nine: '9',
};

const LABEL: Record<PiiKind, string> = {
  card: '[CARD NUMBER]',
  ssn: '[SSN]',
  bank_account: '[BANK ACCOUNT]',
  iban: '[IBAN]',
  long_number: '[NUMBER]',
};

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

function ibanValid(raw: string): boolean {
  const s = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

const BANK_CONTEXT = /\b(account|acct|routing|sort code|iban|bank|aba|checking|savings)\b/i;
const SSN_CONTEXT = /\b(social security|social|ssn|tax id|taxpayer)\b/i;

/** "double five" and "triple seven" are how people read repeated digits aloud. */
function tokenDigits(token: string, prev: string | undefined): string | null {
  const t = token.toLowerCase();
  if (/^\d+$/.test(t)) return t;
  const d = DIGIT_WORDS[t];
  if (d === undefined) return null;
  if (prev === 'double') return d + d;
  if (prev === 'triple') return d + d + d;
  return d;
}

function classify(digits: string, before: string): PiiKind {
  const context = before.slice(-60);
  if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return 'card';
  if (digits.length === 9 && (SSN_CONTEXT.test(context) || !BANK_CONTEXT.test(context))) return 'ssn';
  if (BANK_CONTEXT.test(context)) return 'bank_account';
  return 'long_number';
}

interface Run {
  start: number;
  end: number;
  digits: string;
}

/** Runs of digit tokens (numerals or spelled digits) joined by spaces, dashes, dots, commas or slashes. */
function digitRuns(text: string): Run[] {
  const tokenRe = /[A-Za-z]+|\d+/g;
  const runs: Run[] = [];
  let current: Run | null = null;
  let lastEnd = 0;
  let prevWord: string | undefined;
  for (let m = tokenRe.exec(text); m; m = tokenRe.exec(text)) {
    const tok = m[0];
    const lower = tok.toLowerCase();
    const gap = text.slice(lastEnd, m.index);
    const joinable = /^[\s\-.,/()]*$/.test(gap) && gap.length <= 3;
    if (lower === 'double' || lower === 'triple') {
      prevWord = lower;
      if (!current || !joinable) current = null;
      lastEnd = m.index + tok.length;
      continue;
    }
    const d = tokenDigits(tok, prevWord);
    // A lone "o" is only a zero inside a run, never the start of one.
    if (d !== null && !(lower === 'o' && !current)) {
      if (current && joinable) {
        current.digits += d;
        current.end = m.index + tok.length;
      } else {
        current = { start: prevWord ? text.lastIndexOf(prevWord, m.index) : m.index, end: m.index + tok.length, digits: d };
        if (current.start < 0 || /[A-Za-z]/.test(text.slice(current.start + (prevWord?.length ?? 0), m.index))) current.start = m.index;
        runs.push(current);
      }
    } else {
      current = null;
    }
    prevWord = undefined;
    lastEnd = m.index + tok.length;
  }
  return runs;
}

export function redactPii(input: string): Redaction {
  const found: Record<PiiKind, number> = { card: 0, ssn: 0, bank_account: 0, iban: 0, long_number: 0 };
  // IBANs first: they mix letters and digits, so the digit runs would only catch their tail.
  let text = input.replace(/\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{2,4}){3,8}\b/gi, (m) => {
    // The pattern may swallow a following word ("… 32 and"): try the longest prefix that checks out.
    const parts = m.split(/(?=\s)/);
    for (let k = parts.length; k >= 3; k--) {
      const candidate = parts.slice(0, k).join('');
      if (ibanValid(candidate)) {
        found.iban++;
        return LABEL.iban + m.slice(candidate.length);
      }
    }
    return m;
  });
  const runs = digitRuns(text).filter((r) => r.digits.length >= 9);
  for (const r of runs.reverse()) {
    const kind = classify(r.digits, text.slice(0, r.start));
    found[kind]++;
    text = text.slice(0, r.start) + LABEL[kind] + text.slice(r.end);
  }
  // Written SSNs with their usual dashes even when split oddly across a run boundary.
  text = text.replace(/\b\d{3}-\d{2}-\d{4}\b/g, () => {
    found.ssn++;
    return LABEL.ssn;
  });
  return { text, found };
}

export function redactionCount(r: Redaction): number {
  return Object.values(r.found).reduce((a, b) => a + b, 0);
}
