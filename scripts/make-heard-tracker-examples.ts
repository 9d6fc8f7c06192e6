// Speaks the built-in trackers' example and "not this" sentences, and a sample of the shared background,
// through espeak-ng at 8 kHz in varied voices and speeds, decodes them with the embedded engine as the product
// does for telephone audio (call-centre LM + narrowband fill), and writes what the engine heard to
// resources/trackers/heard-examples.json: extra training rows, so the trackers learn what a concept sounds like
// after the recogniser. Measured with tests/bench/trackers/rescore-heard-calls.ts; not used by the shipped
// models (docs/design/concept-trackers.md, heard examples).
// The decoder's call-centre LM is built from these very sentences, so each sentence is decoded by an engine
// whose LM leaves out its fold (FOLDS): it then sounds as unseen speech does, not as a sentence the LM knows.
// Resumable: sentences already in the file are skipped; the file is rewritten after every call.
// Run (about 30-60 min on 2 cores): nohup npx tsx scripts/make-heard-tracker-examples.ts > /tmp/heard.log 2>&1 &
// HEARD_LIMIT=N decodes at most N sentences of each kind and tracker (a quick end-to-end check).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKGROUND_SENTENCES, BUILT_IN_TRACKER_DEFINITIONS } from '../electron/trackers/train-tracker-set';
import { buildCallCentreLanguageModel, callCentreSentences } from '../electron/transcription/engines/embedded/call-centre-language-model';
import { EmbeddedEngine } from '../electron/transcription/engines/embedded/embedded-engine';
import { cacheDirFor, defaultModelsDir } from '../electron/transcription/paths';
import { renderCall, type Call, type SpokenSentence, type Voice } from '../tests/bench/trackers-engine';
import { HEARD_EXAMPLES_FILE, heardFileSchema, type HeardFile, type HeardSentence } from '../electron/trackers/heard-examples';

const FOLDS = 4;
const TURNS_PER_CALL = 4;
/** Every BACKGROUND_STEP-th shared background sentence is spoken too (as a negative). */
const BACKGROUND_STEP = 3;
/** Accents and voice variants of espeak-ng 1.51 (no mbrola voices), and speeds in words a minute. */
const ACCENTS = ['en-us', 'en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029', 'en-us-nyc'];
const VARIANTS = ['', '+m1', '+m2', '+m3', '+m4', '+m5', '+m7', '+f1', '+f2', '+f3', '+f4', '+f5'];
const SPEEDS = [130, 140, 150, 160, 170, 180];

const hash = (text: string): number => createHash('sha1').update(text).digest().readUInt32BE(0);
const foldOf = (text: string): number => hash(`fold:${text}`) % FOLDS;
/** Deterministic per sentence, so a rerun speaks it the same way. */
function voiceFor(text: string): Voice {
  const h = hash(`voice:${text}`);
  return { voice: `${ACCENTS[h % ACCENTS.length]!}${VARIANTS[Math.floor(h / 8) % VARIANTS.length]!}`, speed: SPEEDS[Math.floor(h / 96) % SPEEDS.length]! };
}

const out = fileURLToPath(new URL(`../resources/trackers/${HEARD_EXAMPLES_FILE}`, import.meta.url));
const limit = Number(process.env.HEARD_LIMIT ?? Infinity);

interface ToSay {
  text: string;
  speaker: 'agent' | 'customer';
}

/** Tracker by tracker, examples then "not this", then the background sample: a cut-short run still covers every tracker. */
function sentencesToSay(): ToSay[] {
  const seen = new Set<string>();
  const list: ToSay[] = [];
  const add = (text: string, speaker: 'agent' | 'customer' | 'any'): void => {
    if (seen.has(text)) return;
    seen.add(text);
    list.push({ text, speaker: speaker === 'any' ? (hash(`speaker:${text}`) % 2 ? 'agent' : 'customer') : speaker });
  };
  for (const d of BUILT_IN_TRACKER_DEFINITIONS) {
    for (const s of d.examples.slice(0, limit)) add(s, d.speaker);
    for (const s of d.notThis.slice(0, limit)) add(s, d.speaker);
  }
  BACKGROUND_SENTENCES.filter((_, i) => i % BACKGROUND_STEP === 0).slice(0, limit * 3).forEach((s) => add(s, 'any'));
  return list;
}

function load(): HeardFile {
  const espeak = execFileSync('espeak-ng', ['--version']).toString().trim();
  const made = { espeak, rate: 8000, folds: FOLDS, accents: ACCENTS, variants: VARIANTS, speeds: SPEEDS, backgroundStep: BACKGROUND_STEP, engine: '' };
  if (!existsSync(out)) return { made, sentences: [] };
  return heardFileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
}

function save(file: HeardFile): void {
  const sentences = [...file.sentences].sort((a, b) => a.said.localeCompare(b.said));
  writeFileSync(out, `${JSON.stringify({ ...file, sentences }, null, 1)}\n`);
}

/** The text the engine heard in each turn: a segment belongs to the turn its middle falls in. */
function heardPerTurn(turnStarts: readonly number[], end: number, segments: readonly { start: number; end: number; text: string }[]): string[] {
  const heard = turnStarts.map(() => [] as string[]);
  for (const seg of segments) {
    const mid = (seg.start + seg.end) / 2;
    let k = turnStarts.length - 1;
    while (k > 0 && mid < turnStarts[k]!) k--;
    if (mid <= end) heard[k]!.push(seg.text.trim());
  }
  return heard.map((h) => h.filter(Boolean).join(' '));
}

async function main(): Promise<void> {
  const file = load();
  const done = new Set(file.sentences.map((s) => s.said));
  const todo = sentencesToSay().filter((s) => !done.has(s.text));
  console.log(`${done.size} already heard, ${todo.length} to speak`);
  const all = callCentreSentences();
  const dir = mkdtempSync(join(tmpdir(), 'cr-heard-'));
  const started = performance.now();
  let spoken = 0;
  try {
    for (let fold = 0; fold < FOLDS; fold++) {
      const inFold = todo.filter((s) => foldOf(s.text) === fold);
      if (inFold.length === 0) continue;
      const leftOut = new Set(all.filter((s) => foldOf(s) === fold));
      const lmSentences = all.filter((s) => !leftOut.has(s));
      const engine = new EmbeddedEngine({ cacheDir: cacheDirFor(defaultModelsDir()), narrowbandLanguageModel: (root) => buildCallCentreLanguageModel(root, lmSentences) });
      try {
        for (let i = 0; i < inFold.length; i += TURNS_PER_CALL) {
          const batch = inFold.slice(i, i + TURNS_PER_CALL);
          const call: Call = {
            id: `f${fold}c${i}`,
            sentences: batch.map((s, k): SpokenSentence => ({ id: String(k), text: s.text, speaker: s.speaker, concepts: [] })),
          };
          const { wav, turns, durationS } = renderCall(dir, call, (s) => voiceFor(s.text));
          const t = await engine.transcribe({ filePath: wav, channels: { left: 'agent', right: 'customer' } });
          file.made.engine = `${t.model}; call-centre LM without the decoded sentence's fold (${FOLDS} folds)`;
          const heard = heardPerTurn(turns.map((x) => x.start), durationS, t.segments);
          batch.forEach((s, k) => {
            const v = voiceFor(s.text);
            const entry: HeardSentence = { said: s.text, heard: heard[k] ?? '', voice: v.voice, speed: v.speed };
            file.sentences.push(entry);
          });
          save(file);
          rmSync(dir, { recursive: true, force: true });
          mkdirSync(dir);
          spoken += batch.length;
          const s = (performance.now() - started) / 1000;
          console.log(`fold ${fold}: ${spoken}/${todo.length} in ${s.toFixed(0)} s; "${batch[0]!.text}" -> "${heard[0]}"`);
        }
      } finally {
        await engine.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`done: ${file.sentences.length} sentences in ${out}`);
}

void main();
