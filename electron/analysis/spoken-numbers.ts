/**
 * Speech-recognition text writes times as words, lower case, often without punctuation ("call me
 * back tomorrow after five", "in twenty minutes", "the fourteenth at noon"). The date parser reads
 * digits, so the words that name times and days become digits first; everything else is kept.
 */

const UNITS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50 };
const ORDINAL_UNITS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9,
  tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15,
  sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19,
};
const ORDINAL_TENS: Record<string, number> = { twentieth: 20, thirtieth: 30 };

const alt = (words: Record<string, number>): string => Object.keys(words).join('|');
const CARDINAL = new RegExp(`\\b(?:(${alt(TENS)})(?:[ -](${alt(UNITS)}))?|(${alt(UNITS)}))\\b`, 'g');
const ORDINAL = new RegExp(
  `\\b(?:(twenty|thirty)[ -](${alt(ORDINAL_UNITS)})|(${alt(ORDINAL_TENS)})|(${alt(ORDINAL_UNITS)}))\\b`,
  'g',
);

function ordinalSuffix(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
}

/** Number words and spoken clock forms as digits; the result is lower case. */
export function digitsForSpokenNumbers(text: string): string {
  let t = text.toLowerCase().replace(/[’‘]/g, "'");
  // Quantities said with articles.
  t = t
    .replace(/\bhalf an? hour\b/g, '30 minutes')
    .replace(/\ban hour and a half\b/g, '90 minutes')
    .replace(/\ba couple (?:of )?(minutes|hours|days|weeks)\b/g, '2 $1')
    .replace(/\ba few (minutes)\b/g, '5 $1')
    .replace(/\ba few (hours)\b/g, '3 $1')
    .replace(/\ban (hour)\b/g, '1 $1');
  // "twenty first" before "twenty" and "first" are read separately.
  t = t.replace(ORDINAL, (_m, tens?: string, unit?: string, tensOnly?: string, unitOnly?: string) => {
    const n = tens
      ? (TENS[tens] ?? 0) + (ORDINAL_UNITS[unit ?? ''] ?? 0)
      : tensOnly
        ? (ORDINAL_TENS[tensOnly] ?? 0)
        : (ORDINAL_UNITS[unitOnly ?? ''] ?? 0);
    return `${n}${ordinalSuffix(n)}`;
  });
  t = t.replace(CARDINAL, (_m, tens?: string, unit?: string, unitOnly?: string) =>
    String(tens ? (TENS[tens] ?? 0) + (unit ? (UNITS[unit] ?? 0) : 0) : (UNITS[unitOnly ?? ''] ?? 0)),
  );
  // Clock forms: "half past 5", "quarter to 5", "5 30", "5 o'clock", "5 p m".
  t = t
    .replace(/\b(?:a )?quarter past (\d{1,2})\b/g, '$1:15')
    .replace(/\bhalf past (\d{1,2})\b/g, '$1:30')
    .replace(/\b(?:a )?quarter (?:to|of) (\d{1,2})\b/g, (_m, h: string) => `${((Number(h) + 10) % 12) + 1}:45`)
    .replace(/\b(\d{1,2}) ?o'? ?clock\b/g, '$1:00')
    .replace(/\b([ap])\.? ?m\b\.?/g, '$1m')
    .replace(/\b(at|after|before|around|about|by|until|till|from) (\d{1,2}) (\d{2}|o (\d))\b/g, (m, prep: string, h: string, mm: string, o?: string) => {
      const minutes = o !== undefined ? Number(o) : Number(mm);
      return Number(h) <= 12 && minutes < 60 ? `${prep} ${h}:${String(minutes).padStart(2, '0')}` : m;
    });
  return t;
}
