import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The shipped word vectors (built by scripts/build-tracker-vectors.mjs): 100-d skip-gram vectors of
 * the ~30k most frequent English words, int8 per component with a per-word scale, unit length
 * (and alignmentVectors below, the same words in another table).
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

/** unit: scale each row to length 1 after decoding (the encoder table is stored at its PCA length). */
function decode(name: string, unit: boolean): WordVectors {
  const packed = readShippedJson(name) as PackedVectors;
  const dim = packed.dimensions;
  const words = packed.words.split(' ');
  const scales = Buffer.from(packed.scales, 'base64');
  const ints = Buffer.from(packed.vectors, 'base64');
  const table = new Float32Array(words.length * dim);
  for (let i = 0; i < words.length; i++) {
    const scale = scales.readFloatLE(i * 4);
    for (let d = 0; d < dim; d++) table[i * dim + d] = ints.readInt8(i * dim + d) * scale;
    if (unit) {
      const row = table.subarray(i * dim, (i + 1) * dim);
      const norm = Math.hypot(...row) || 1;
      for (let d = 0; d < dim; d++) row[d] = row[d]! / norm;
    }
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
  loaded ??= decode('word-vectors.json', false);
  return loaded;
}

let encoderLoaded: WordVectors | undefined;

/**
 * Universal Sentence Encoder lite distilled into words (scripts/build-tracker-encoder-vectors.mjs):
 * each word of wordVectors run alone through the encoder, PCA to 128-d, unit length here. Soft
 * alignment compares words by these: the encoder puts words of one intent together ("reschedule",
 * "postpone") where skip-gram vectors put words of one context ("monday", "tuesday"). Same words as
 * wordVectors; its rank is not a frequency rank (use wordVectors().rank).
 */
export function alignmentVectors(): WordVectors {
  encoderLoaded ??= decode('encoder-word-vectors.json', true);
  return encoderLoaded;
}
