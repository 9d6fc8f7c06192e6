import type { DigitRun, Token } from './spoken-numbers';

/**
 * What a run of digits is, from its length, its checksum, how it was grouped and the words said
 * just before it. The most recent cue word wins ("my phone is … and the card is …"), so one turn
 * can hold a phone number and a card. The rules err towards removing: a nine-digit run with no cue
 * is taken as an SSN, a 13–19 digit run with no cue as a card even when Luhn fails (a misheard
 * digit breaks the checksum), since a kept card number costs far more than a hidden order number.
 */

export type NumberKind = 'card' | 'ssn' | 'bank_account';
export type Cue = NumberKind | 'phone' | 'other';

export interface Classified {
  kind: NumberKind;
  /** First and last chunk of the run that carry it. */
  firstChunk: number;
  lastChunk: number;
}

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

const CUE_PHRASES: [RegExp, Cue][] = [
  [/^social security$|^social$|^ssn$|^taxpayer$|^itin$|^tax id$/, 'ssn'],
  [/^security code$|^card$|^cards$|^visa$|^mastercard$|^master card$|^amex$|^american express$|^discover$|^credit$|^debit$|^cvv$|^cvc$|^expiry$|^expiration$|^long number$/, 'card'],
  [/^account$|^acct$|^routing$|^checking$|^savings$|^bank$|^iban$|^aba$|^sort code$|^wire$/, 'bank_account'],
  [/^phone$|^cell$|^mobile$|^telephone$|^reach$|^fax$|^extension$|^callback$|^call back$|^landline$/, 'phone'],
  [
    /^order$|^orders$|^confirmation$|^reference$|^ref$|^tracking$|^invoice$|^ticket$|^case$|^claim$|^policy$|^zip$|^zipcode$|^postal$|^postcode$|^model$|^serial$|^part$|^sku$|^member$|^membership$|^born$|^birthday$|^dob$|^date$|^dollars$|^bucks$|^cents$|^price$|^total$|^quote$|^year$|^years$|^voucher$|^coupon$|^promo$|^booking$|^reservation$|^shipment$|^package$|^parcel$|^vin$|^license$|^licence$|^plate$|^ein$|^employee$|^badge$|^pin$|^room$|^unit$|^suite$|^apartment$/,
    'other',
  ],
];

/** The cue nearest before a run: scanned backwards over the context, two-word phrases first. */
export function nearestCue(before: readonly Token[]): Cue | null {
  for (let i = before.length - 1; i >= 0; i--) {
    const one = before[i]?.lower ?? '';
    const two = i > 0 ? `${before[i - 1]?.lower} ${one}` : '';
    for (const [re, cue] of CUE_PHRASES) if (two && re.test(two)) return cue;
    for (const [re, cue] of CUE_PHRASES) if (re.test(one)) return cue;
  }
  return null;
}

/** Digit counts of the groups as read: a numeral, or digit words between pauses (punctuation, a filler, a turn). */
export function groupLengths(run: DigitRun, tokens: readonly Token[]): number[] {
  const groups: number[] = [];
  let previousWasNumeral = false;
  for (const [k, chunk] of run.chunks.entries()) {
    const first = tokens[chunk.first];
    const numeral = /^\d+$/.test(first?.lower ?? '');
    const gap = first?.gapBefore;
    const fillerSkipped = k > 0 && chunk.first > (run.chunks[k - 1]?.last ?? chunk.first) + 1;
    const breaks = k === 0 || numeral || previousWasNumeral || gap === null || /\S/.test(gap ?? '') || fillerSkipped;
    if (breaks) groups.push(chunk.digits.length);
    else groups[groups.length - 1] = (groups[groups.length - 1] ?? 0) + chunk.digits.length;
    previousWasNumeral = numeral;
  }
  return groups;
}

/** The longest chunk-aligned stretch of 13–19 digits that passes Luhn. */
function luhnWindow(run: DigitRun): { from: number; to: number } | undefined {
  let best: { from: number; to: number; length: number } | undefined;
  for (let from = 0; from < run.chunks.length; from++) {
    let digits = '';
    for (let to = from; to < run.chunks.length; to++) {
      digits += run.chunks[to]?.digits ?? '';
      if (digits.length > 19) break;
      if (digits.length >= 13 && luhnValid(digits) && (!best || digits.length > best.length)) best = { from, to, length: digits.length };
    }
  }
  return best;
}

/** The kinds to remove in a run (none, one, or a card with its own cue inside a longer run). */
export function classifyRun(run: DigitRun, tokens: readonly Token[], before: readonly Token[]): Classified[] {
  const all = { firstChunk: 0, lastChunk: run.chunks.length - 1 };
  const n = run.digits.length;
  const cue = nearestCue(before);
  if (cue === 'card' && n >= 12) return [{ kind: 'card', ...all }];
  const window = n >= 13 ? luhnWindow(run) : undefined;
  if (window && cue !== 'bank_account') return [{ kind: 'card', firstChunk: window.from, lastChunk: window.to }];
  if (cue === 'bank_account' && n >= 6 && n <= 34) return [{ kind: 'bank_account', ...all }];
  if (cue === 'ssn' && n >= 8 && n <= 10) return [{ kind: 'ssn', ...all }];
  const groups = groupLengths(run, tokens).join('-');
  if (n === 9 && groups === '3-2-4') return [{ kind: 'ssn', ...all }];
  if (cue === 'phone' || cue === 'other') return [];
  if (n === 9 && groups !== '5-4') return [{ kind: 'ssn', ...all }];
  if (n >= 13 && n <= 19) return [{ kind: 'card', ...all }];
  return [];
}
