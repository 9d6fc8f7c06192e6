/**
 * Words and two-word phrases per speaker role, counted per lead across its calls. Grams are
 * interned to integer ids once, so cross-validation can fit a vocabulary per fold without
 * re-reading text; the vocabulary keeps the phrase strings, so every weight has a name.
 */

export type TextRole = 'customer' | 'agent' | 'speaker';
export const TEXT_ROLES: readonly TextRole[] = ['customer', 'agent', 'speaker'];

/** A lead's turns (text) per role, across all its calls, in call order. */
export type LeadTexts = Record<TextRole, string[]>;

export const emptyTexts = (): LeadTexts => ({ customer: [], agent: [], speaker: [] });

/** Transcripts label turns "agent" or "customer"; anything else (a mono recording's "speaker") is the third role. */
export function roleOf(speaker: string): TextRole {
  const s = speaker.trim().toLowerCase();
  return s === 'agent' ? 'agent' : s === 'customer' ? 'customer' : 'speaker';
}

/** Unigrams and bigrams: longer phrases multiply the vocabulary and rarely recur often enough to weigh. */
export const MAX_GRAM = 2;
/** A phrase must occur in this many leads to be a feature: seen in one or two, it names an anecdote, not a pattern. */
export const MIN_DOC_FREQ = 3;
/** The most frequent phrases kept per role; more costs memory and time and adds mostly noise. */
export const MAX_FEATURES = 30_000;

const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;

export function tokenize(text: string): string[] {
  return text.toLowerCase().replace(/[\u2019\u2018`]/g, "'").match(TOKEN) ?? [];
}

/** Calls `visit` with each gram of each turn (grams do not cross turns). */
export function forEachGram(turns: readonly string[], visit: (gram: string) => void): void {
  for (const turn of turns) {
    const tokens = tokenize(turn);
    for (let i = 0; i < tokens.length; i++) {
      let gram = tokens[i] as string;
      visit(gram);
      for (let n = 2; n <= MAX_GRAM && i + n <= tokens.length; n++) {
        gram = `${gram} ${tokens[i + n - 1] as string}`;
        visit(gram);
      }
    }
  }
}

/** One lead's grams for one role: ids ascending, with their counts. */
export interface GramDoc {
  ids: Int32Array;
  counts: Float64Array;
}

const EMPTY_DOC: GramDoc = { ids: new Int32Array(0), counts: new Float64Array(0) };
const HASH_BITS = 22;

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) & ((1 << HASH_BITS) - 1);
}

/** The grams of every lead for one role, interned. */
export interface RoleCorpus {
  role: TextRole;
  names: string[];
  docs: GramDoc[];
}

/**
 * Interns the grams of one role for many leads. A first pass counts occurrences into hashed
 * buckets; only grams whose bucket reaches MIN_DOC_FREQ are interned (a bucket's count is never
 * below a gram's document frequency), so the long tail of one-off phrases never fills memory.
 */
export function buildRoleCorpus(role: TextRole, texts: readonly LeadTexts[]): RoleCorpus {
  const buckets = new Uint32Array(1 << HASH_BITS);
  for (const t of texts) forEachGram(t[role], (g) => void (buckets[hash(g)] = (buckets[hash(g)] as number) + 1));
  const ids = new Map<string, number>();
  const names: string[] = [];
  const docs = texts.map((t) => {
    if (t[role].length === 0) return EMPTY_DOC;
    const counts = new Map<number, number>();
    forEachGram(t[role], (g) => {
      if ((buckets[hash(g)] as number) < MIN_DOC_FREQ) return;
      let id = ids.get(g);
      if (id === undefined) {
        id = names.length;
        ids.set(g, id);
        names.push(g);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    });
    const sorted = [...counts.keys()].sort((a, b) => a - b);
    return { ids: Int32Array.from(sorted), counts: Float64Array.from(sorted, (id) => counts.get(id) as number) };
  });
  return { role, names, docs };
}

/** A fitted vocabulary: the kept phrases and their inverse document frequencies. */
export interface Vocabulary {
  grams: string[];
  idf: number[];
}

/** Keeps phrases in at least MIN_DOC_FREQ of the `rows`' leads, the MAX_FEATURES most frequent; smooth idf. */
export function fitVocabulary(corpus: RoleCorpus, rows: ArrayLike<number>): { vocabulary: Vocabulary; column: Int32Array } {
  const df = new Int32Array(corpus.names.length);
  for (let k = 0; k < rows.length; k++) {
    const doc = corpus.docs[rows[k] as number] as GramDoc;
    for (let j = 0; j < doc.ids.length; j++) df[doc.ids[j] as number] = (df[doc.ids[j] as number] as number) + 1;
  }
  const kept = [];
  for (let id = 0; id < df.length; id++) if ((df[id] as number) >= MIN_DOC_FREQ) kept.push(id);
  kept.sort((a, b) => (df[b] as number) - (df[a] as number) || a - b);
  kept.length = Math.min(kept.length, MAX_FEATURES);
  kept.sort((a, b) => a - b);
  const column = new Int32Array(corpus.names.length).fill(-1);
  kept.forEach((id, c) => (column[id] = c));
  const n = rows.length;
  return {
    vocabulary: {
      grams: kept.map((id) => corpus.names[id] as string),
      idf: kept.map((id) => Math.log((1 + n) / (1 + (df[id] as number))) + 1),
    },
    column,
  };
}

/** Row-compressed sparse rows. */
export interface SparseRows {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** Sublinear term frequency (1 + ln tf) times idf, each row scaled to unit length. */
function weighRow(cols: number[], tfs: number[], idf: readonly number[], indices: number[], values: number[]): void {
  const order = cols.map((_, i) => i).sort((a, b) => (cols[a] as number) - (cols[b] as number));
  let norm = 0;
  const w = order.map((i) => {
    const v = (1 + Math.log(tfs[i] as number)) * (idf[cols[i] as number] as number);
    norm += v * v;
    return v;
  });
  norm = Math.sqrt(norm) || 1;
  order.forEach((i, k) => {
    indices.push(cols[i] as number);
    values.push((w[k] as number) / norm);
  });
}

function pack(rows: number, cols: number, indptr: number[], indices: number[], values: number[]): SparseRows {
  return { rows, cols, indptr: Int32Array.from(indptr), indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

/** TF-IDF rows for `rows` of an interned corpus, with a vocabulary fitted on (other) rows of it. */
export function vectorizeCorpus(corpus: RoleCorpus, fitted: { vocabulary: Vocabulary; column: Int32Array }, rows: ArrayLike<number>): SparseRows {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const doc = corpus.docs[rows[k] as number] as GramDoc;
    const cols: number[] = [];
    const tfs: number[] = [];
    for (let j = 0; j < doc.ids.length; j++) {
      const c = fitted.column[doc.ids[j] as number] as number;
      if (c >= 0) {
        cols.push(c);
        tfs.push(doc.counts[j] as number);
      }
    }
    weighRow(cols, tfs, fitted.vocabulary.idf, indices, values);
    indptr.push(indices.length);
  }
  return pack(rows.length, fitted.vocabulary.grams.length, indptr, indices, values);
}

/** The phrases of one lead's turns that are in the vocabulary, with their counts (for explanations). */
export function vocabularyCounts(index: ReadonlyMap<string, number>, turns: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  forEachGram(turns, (g) => {
    const c = index.get(g);
    if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
  });
  return counts;
}

/** TF-IDF rows for new leads' text against a stored vocabulary. */
export function vectorizeTexts(vocabulary: Vocabulary, index: ReadonlyMap<string, number>, docs: readonly (readonly string[])[]): SparseRows {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const turns of docs) {
    const counts = vocabularyCounts(index, turns);
    weighRow([...counts.keys()], [...counts.values()], vocabulary.idf, indices, values);
    indptr.push(indices.length);
  }
  return pack(docs.length, vocabulary.grams.length, indptr, indices, values);
}
