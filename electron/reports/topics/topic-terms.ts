import type { ItsFunction, WinkMethods } from 'wink-nlp';
import { winkNlp } from '../../analysis/wink-nlp';
import stopwordList from '../../../resources/lexicons/stopwords-en.json';

/**
 * The terms a customer's turn is about: lemmas of its nouns ("prices" and "price" are one term),
 * and two-word phrases of adjacent content words with a noun in them ("lose power", "monthly
 * payment", "hoa board"): a topic is about a thing, and a verb or adjective alone ("need", "long",
 * "first") is about anything. Lemmas need part-of-speech tags, so only wink-nlp's tagger runs (no
 * sentence, entity or sentiment pass): about 3 s for 80,000 turns on this machine.
 */
const tagger = (): WinkMethods => winkNlp(['pos']);

const NOUNS = new Set(['NOUN', 'PROPN']);
const CONTENT = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ']);
/** Words every call has whatever it is about; a topic made of them says nothing. */
const SPEECH_FILLERS = [
  'yes', 'yeah', 'yep', 'okay', 'ok', 'uh', 'um', 'hmm', 'mm', 'oh', 'hi', 'hello', 'thank', 'thanks', 'sorry',
  'be', 'have', 'do', 'get', 'go', 'say', 'know', 'think', 'mean', 'guess', 'let', 'make', 'see', 'look',
  'want', 'like', 'good', 'great', 'sure', 'right', 'thing', 'lot', 'way', 'kind', 'sort', 'time', 'today', 'call',
  'gonna', 'wanna', 'gotta', 'tell', 'talk', 'hear', 'take', 'give', 'sound',
];
const STOP = new Set([...stopwordList.words, ...SPEECH_FILLERS]);

/** Distinct terms of one turn: noun lemmas, then adjacent pairs with a noun in them. */
export function turnTerms(text: string): string[] {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (clean.length === 0) return [];
  const its = tagger().its;
  const tokens = tagger().readDoc(clean).tokens();
  // wink-nlp's types declare its.lemma with the wrong parameters; at run time it is a token helper like its.pos.
  const lemmas = tokens.out(its.lemma as unknown as ItsFunction<string>) as string[];
  const pos = tokens.out(its.pos) as string[];
  const terms = new Set<string>();
  let previous: { lemma: string; noun: boolean } | null = null;
  for (let i = 0; i < lemmas.length; i++) {
    const lemma = (lemmas[i] ?? '').toLowerCase();
    const tag = pos[i] ?? '';
    const keep = CONTENT.has(tag) && lemma.length >= 3 && /^\p{L}[\p{L}'-]*$/u.test(lemma) && !STOP.has(lemma);
    if (!keep) {
      previous = null;
      continue;
    }
    const noun = NOUNS.has(tag);
    if (noun) terms.add(lemma);
    if (previous !== null && previous.lemma !== lemma && (noun || previous.noun)) terms.add(`${previous.lemma} ${lemma}`);
    previous = { lemma, noun };
  }
  return [...terms];
}
