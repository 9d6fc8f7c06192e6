// Groups the shipped word vectors' frequent words into clusters of near-synonyms (spherical k-means,
// deterministic), written to resources/trackers/word-clusters.json. A tracker then sees "buzz",
// "ring" and "phone" as one feature too, so an example teaches its synonyms.
// Run after rebuilding word-vectors.json: npx tsx scripts/build-tracker-word-clusters.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLUSTERED_WORDS, FIRST_CLUSTERED_RANK } from '../electron/trackers/word-clusters';
import { wordVectors } from '../electron/trackers/word-vectors';

const CLUSTERS = 2500;
const ITERATIONS = 12;

const vectors = wordVectors();
const dim = vectors.dimensions;
const words = vectors.words.slice(FIRST_CLUSTERED_RANK - 1, CLUSTERED_WORDS).filter((w) => /^[a-z][a-z']*$/.test(w));
const table = words.map((w) => vectors.vector(w)!);
// Seeds spread evenly over frequency, so both common and rarer words start clusters.
let centroids = Array.from({ length: CLUSTERS }, (_, c) => Float32Array.from(table[Math.floor((c * table.length) / CLUSTERS)]!));
const assignment = new Int32Array(words.length);
for (let it = 0; it < ITERATIONS; it++) {
  let moved = 0;
  table.forEach((v, i) => {
    let best = 0;
    let bestSim = -Infinity;
    for (let c = 0; c < CLUSTERS; c++) {
      const m = centroids[c]!;
      let s = 0;
      for (let d = 0; d < dim; d++) s += v[d]! * m[d]!;
      if (s > bestSim) {
        bestSim = s;
        best = c;
      }
    }
    if (assignment[i] !== best) moved++;
    assignment[i] = best;
  });
  const sums = Array.from({ length: CLUSTERS }, () => new Float32Array(dim));
  table.forEach((v, i) => {
    const s = sums[assignment[i]!]!;
    for (let d = 0; d < dim; d++) s[d] = s[d]! + v[d]!;
  });
  centroids = sums.map((s, c) => {
    let n = 0;
    for (let d = 0; d < dim; d++) n += s[d]! ** 2;
    n = Math.sqrt(n);
    return n > 0 ? s.map((x) => x / n) : centroids[c]!;
  });
  console.log(`iteration ${it + 1}: ${moved} words moved`);
}
const out: Record<string, number> = {};
words.forEach((w, i) => (out[w] = assignment[i]!));
const path = fileURLToPath(new URL('../resources/trackers/word-clusters.json', import.meta.url));
writeFileSync(path, `${JSON.stringify({ clusters: CLUSTERS, words: out })}\n`);
console.log(`wrote ${words.length} words in ${CLUSTERS} clusters to ${path}`);
