/**
 * Numbers written as digits, as people say them, so the call-centre LM learns "at ten thirty" and "five five
 * five oh one four two" from sentences that write "at 10:30" and "555-0142". The dictionary has no digits:
 * left as they are, a number would split its sentence and its words would never be heard.
 */

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** 0-99 as words. */
function belowHundred(n: number): string {
  if (n < 20) return ONES[n]!;
  const unit = n % 10;
  return unit === 0 ? TENS[Math.floor(n / 10)]! : `${TENS[Math.floor(n / 10)]} ${ONES[unit]}`;
}

/** Digit by digit, zero as "oh", as phone numbers, extensions and references are read out. */
function digitByDigit(digits: string): string {
  return [...digits].map((d) => (d === '0' ? 'oh' : ONES[Number(d)])).join(' ');
}

/** One run of digits: small numbers as words, years in pairs, anything else (or a leading zero) digit by digit. */
function spellDigits(digits: string): string {
  const n = Number(digits);
  if (digits.length <= 2 && !(digits.length === 2 && digits.startsWith('0'))) return belowHundred(n);
  if (digits.length === 4 && n >= 1900 && n <= 2099) {
    const low = n % 100;
    if (n >= 2000 && n <= 2009) return low === 0 ? 'two thousand' : `two thousand ${ONES[low]}`;
    return `${belowHundred(Math.floor(n / 100))} ${low === 0 ? 'hundred' : low < 10 ? `oh ${ONES[low]}` : belowHundred(low)}`;
  }
  return digitByDigit(digits);
}

/** "10:30" -> "ten thirty", "9:00" -> "nine", "3:05" -> "three oh five"; other digit runs as spellDigits says. */
export function spellNumbers(text: string): string {
  return text
    .replace(/\b(\d{1,2}):(\d{2})\b/g, (_, h: string, m: string) => {
      const minutes = Number(m);
      return `${belowHundred(Number(h))}${minutes === 0 ? '' : minutes < 10 ? ` oh ${ONES[minutes]}` : ` ${belowHundred(minutes)}`}`;
    })
    .replace(/\d+/g, (digits) => ` ${spellDigits(digits)} `);
}
