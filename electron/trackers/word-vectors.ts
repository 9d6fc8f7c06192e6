import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The shipped word vectors (built by scripts/build-tracker-vectors.mjs): 100-d skip-gram vectors of
 * the ~30k most frequent English words, int8 per component with a per-word scale, unit length.
 * Words are listed by corpus frequency, which also gives each word's rank.
 */
export interface WordVectors {
  dimensions: number;
  /** Every kept word, most frequent first. */
  words: readonly string[];
  /** Unit vector of a word, or undefined when the word is not kept. */
  vector(word: string): Float32Array | undefined;
  /** 1-based frequency rank of a word, or undefined when not kept. */
  rank(word: string): number | undefined;
}

let loaded: WordVectors | undefined;

interface PackedVectors {
  dimensions: number;
  words: string;
  scales: string;
  vectors: string;
}

/**
 * Read from the file, not imported: 4 MB parsed into every bundle that analyses calls would cost each
 * start. Source and build both sit two folders below the repository (electron/trackers, out/main).
 */
export function readShippedJson(name: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../resources/trackers/${name}`, import.meta.url)), 'utf8'));
}

function decode(name: string): WordVectors {
  const packed = readShippedJson(name) as PackedVectors;
  const dim = packed.dimensions;
  const words = packed.words.split(' ');
  const scales = Buffer.from(packed.scales, 'base64');
  const ints = Buffer.from(packed.vectors, 'base64');
  const table = new Float32Array(words.length * dim);
  for (let i = 0; i < words.length; i++) {
    const scale = scales.readFloatLE(i * 4);
    for (let d = 0; d < dim; d++) table[i * dim + d] = ints.readInt8(i * dim + d) * scale;
  }
  const index = new Map<string, number>();
  words.forEach((w, i) => {
    if (!index.has(w)) index.set(w, i);
  });
  return {
    dimensions: dim,
    words,
    vector: (w) => {
      const i = index.get(w);
      return i === undefined ? undefined : table.subarray(i * dim, (i + 1) * dim);
    },
    rank: (w) => {
      const i = index.get(w);
      return i === undefined ? undefined : i + 1;
    },
  };
}

/** Read and decoded once per process, on first use. */
export function wordVectors(): WordVectors {
  loaded ??= decode('word-vectors.json');
  return loaded;
}

let encoderLoaded: WordVectors | undefined;

/**
 * The sentence encoder distilled into words (scripts/build-tracker-encoder-vectors.mjs): each word of
 * wordVectors run alone through Universal Sentence Encoder lite, PCA-reduced, not unit length (a word
 * the encoder reads as generic sits near the centre and weighs less in a mean). Its ranks are not
 * frequency ranks: use wordVectors().rank.
 */
export function encoderWordVectors(): WordVectors {
  encoderLoaded ??= decode('encoder-word-vectors.json');
  return encoderLoaded;
}

const ALIGN = process.env.TRACKER_ALIGN ?? 'glove';
const alignCache = new Map<string, Float32Array | undefined>();

/** The vector soft alignment compares a word by. */
export function alignmentVector(word: string): Float32Array | undefined {
  if (ALIGN === 'glove') return wordVectors().vector(word);
  if (alignCache.has(word)) return alignCache.get(word);
  const g = wordVectors().vector(word);
  const e = encoderWordVectors().vector(word);
  let out: Float32Array | undefined;
  if (e) {
    const en = Math.hypot(...e) || 1;
    if (ALIGN === 'enc') out = e.map((x) => x / en);
    else if (g) {
      out = new Float32Array(g.length + e.length);
      for (let d = 0; d < g.length; d++) out[d] = g[d]! / Math.SQRT2;
      for (let d = 0; d < e.length; d++) out[g.length + d] = e[d]! / en / Math.SQRT2;
    }
  }
  alignCache.set(word, out);
  return out;
}
