import companies from '../../resources/lexicons/companies.json';
import stopwordList from '../../resources/lexicons/stopwords-en.json';

/**
 * Finds company names (resources/lexicons/companies.json, a hand-written gazetteer by industry) in a
 * sentence, so a tracker taught by "Comcast offered me less" reads "Sunnova offered me less" alike:
 * sentence-features.ts records whether one is named, and a tracker listing the keyword <company>
 * (train-tracker.ts) gets its keyword flag from it. A shared term instead taught objection, which never
 * trains against competitor sentences, that any named provider is an objection (concept-trackers.md).
 *
 * Names that are also ordinary words ("Progressive", "Dish", "Target", "Best Buy") count only in a
 * company's context, by one rule for typed and for recognised (lower-case, unpunctuated) text:
 *  A. written with capitals, each word, not as a sentence's first word, in text that is not all capitals
 *     ("we're with Progressive", "I got it at Best Buy"); recognised text never meets this;
 *  B. right after a word that introduces a provider (with, from, through, than, via, at, like, have,
 *     got, use, switch…) and followed by nothing, punctuation or a function word ("we have dish now",
 *     "a quote from optimum"; not "with dish soap", "a roof with visible damage");
 *  C. opening a sentence or clause (after nothing, punctuation or a function word that is no
 *     determiner) and followed by what a company does ("progressive is cheaper", "spectrum offered",
 *     "frontier's been"; not "the whole spectrum is", "my dish is cold").
 * Other names count wherever they are said, in any case.
 */
export interface CompanyMention {
  /** The name as listed in the gazetteer. */
  name: string;
  /** Character offsets in the text searched: [start, end). */
  start: number;
  end: number;
}

interface Industry {
  names: string[];
  commonWordNames: string[];
}

interface Entry {
  name: string;
  keys: string[];
  commonWord: boolean;
}

interface Word {
  raw: string;
  /** Lower case, apostrophes dropped, "&" read as "and": "Lowe's", "lowes" and "LOWES" meet. */
  keys: string[];
  start: number;
  end: number;
  /** First word of the text or of a sentence (after . ! ?). */
  sentenceStart: boolean;
  /** Punctuation (or the text's start) right before / after it. */
  afterPunctuation: boolean;
  beforePunctuation: boolean;
}

const TOKEN = /[\p{L}\p{N}]+(?:['’]\p{L}+)*|&|[.!?,;:()"]/gu;

const wordKey = (raw: string): string => (raw === '&' ? 'and' : raw.toLowerCase().replace(/['’]/g, ''));

function readWords(text: string): Word[] {
  const words: Word[] = [];
  let punctuation = true;
  let sentenceEnd = true;
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    if (/^[.!?,;:()"]$/.test(raw)) {
      punctuation = true;
      if (/[.!?]/.test(raw)) sentenceEnd = true;
      const last = words[words.length - 1];
      if (last && last.end <= m.index) last.beforePunctuation = true;
      continue;
    }
    const key = wordKey(raw);
    // "Tesla's panels": the possessive also reads as the bare name.
    const keys = /['’]s$/i.test(raw) ? [key, key.slice(0, -1)] : [key];
    words.push({ raw, keys, start: m.index, end: m.index + raw.length, sentenceStart: sentenceEnd, afterPunctuation: punctuation, beforePunctuation: false });
    punctuation = false;
    sentenceEnd = false;
  }
  return words;
}

const keysOf = (name: string): string[] => readWords(name).map((w) => w.keys[0]!);

let index: Map<string, Entry[]> | undefined;

/** Entries by their first word, longest first, so "Dish Network" wins over "Dish". */
function entries(): Map<string, Entry[]> {
  if (index) return index;
  const built = new Map<string, Entry[]>();
  const seen = new Set<string>();
  const add = (name: string, commonWord: boolean): void => {
    const keys = keysOf(name);
    const id = keys.join(' ');
    if (keys.length === 0 || seen.has(id)) return;
    seen.add(id);
    const list = built.get(keys[0]!) ?? [];
    list.push({ name, keys, commonWord });
    built.set(keys[0]!, list);
  };
  for (const industry of Object.values(companies.industries as Record<string, Industry>)) {
    for (const name of industry.commonWordNames) add(name, true);
    for (const name of industry.names) add(name, false);
  }
  for (const list of built.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  index = built;
  return built;
}

const STOPWORDS = new Set(stopwordList.words);
/** Words after which a bare name is the provider someone has, uses, left or compares with. */
const CUES = new Set([
  'with', 'from', 'through', 'than', 'via', 'at', 'like', 'have', 'has', 'had', 'got', 'use', 'uses', 'used', 'using',
  'called', 'switch', 'switched', 'switching', 'chose', 'choose', 'picked', 'try', 'tried', 'versus', 'vs',
]);
/** Followers that end the name's noun phrase: function words and a few time and stance words. */
const FOLLOWERS = new Set([...STOPWORDS, 'last', 'already', 'anymore', 'since', 'instead', 'currently', 'yet', 'though', 'lately', 'either', 'anyway']);
/** Before these, a word names a thing, not a company ("the dish is", "my target was"). */
const DETERMINERS = new Set([
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'my', 'our', 'your', 'his', 'her', 'their', 'its', 'some', 'any', 'every',
  'each', 'no', 'what', 'which', 'whose', 'another', 'other', 'more', 'most', 'very', 'so', 'too', 'really', 'pretty',
]);
/** What a company does in a sentence it opens. */
const COMPANY_VERBS = new Set([
  'is', 'was', 'has', 'had', 'gave', 'gives', 'give', 'offered', 'offers', 'offer', 'quoted', 'quotes', 'charges', 'charged', 'charge',
  'said', 'says', 'told', 'wants', 'wanted', 'can', 'could', 'will', 'would', 'does', 'did', 'sent', 'sends', 'came', 'comes', 'called',
  'calls', 'provides', 'includes', 'raised', 'dropped', 'already', 'also', 'only', 'just', 'never', 'doesnt', 'didnt', 'isnt', 'wasnt',
  'cant', 'wont', 'beat', 'beats', 'matched', 'matches', 'installed', 'services', 'serviced', 'covers', 'covered', 'pays', 'paid',
]);

function inCompanyContext(words: readonly Word[], i: number, j: number, text: string): boolean {
  const prev = words[i - 1];
  const next = words[j];
  const capitalised = words.slice(i, j).every((w) => /^\p{Lu}/u.test(w.raw));
  if (capitalised && !words[i]!.sentenceStart && /\p{Ll}/u.test(text)) return true;
  const closes = !next || words[j - 1]!.beforePunctuation || next.keys.some((k) => FOLLOWERS.has(k));
  if (prev && !words[i]!.afterPunctuation && prev.keys.some((k) => CUES.has(k)) && closes) return true;
  const opens = !prev || words[i]!.afterPunctuation || (STOPWORDS.has(prev.keys[0]!) && !DETERMINERS.has(prev.keys[0]!));
  const possessive = /['’]s$/i.test(words[j - 1]!.raw);
  const acts = possessive || (!!next && !words[j - 1]!.beforePunctuation && COMPANY_VERBS.has(next.keys[0]!));
  return opens && acts;
}

/** Every company named in `text`, longest name first where names overlap, left to right. */
export function companyMentions(text: string): CompanyMention[] {
  const words = readWords(text);
  const byFirst = entries();
  const found: CompanyMention[] = [];
  for (let i = 0; i < words.length; ) {
    let matched: { entry: Entry; end: number } | undefined;
    for (const key of words[i]!.keys) {
      for (const entry of byFirst.get(key) ?? []) {
        const end = i + entry.keys.length;
        if (end > words.length || (matched && matched.end >= end)) continue;
        // Only the last word of a name may be possessive ("Lowe's", "State Farm's").
        const fits = entry.keys.every((k, n) => {
          const w = words[i + n]!;
          return n === entry.keys.length - 1 ? w.keys.includes(k) : w.keys[0] === k;
        });
        if (fits && (!entry.commonWord || inCompanyContext(words, i, end, text))) matched = { entry, end };
      }
    }
    if (!matched) {
      i++;
      continue;
    }
    found.push({ name: matched.entry.name, start: words[i]!.start, end: words[matched.end - 1]!.end });
    i = matched.end;
  }
  return found;
}
