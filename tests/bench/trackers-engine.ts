import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTrackers } from '../../electron/trackers/built-in-trackers';
import type { CompiledTracker } from '../../electron/trackers/match-trackers';
import { trackCall, type SpokenTurn } from '../../electron/trackers/call-trackers';
import { createTranscriber } from '../../electron/transcription/index';
import { EVAL_CONCEPTS, evalSplit, type EvalConcept } from '../fixtures/trackers/eval-set';
import { holdoutSentences, type HoldoutSentence } from '../fixtures/trackers/holdout-set';

/**
 * Issue 19 item 5: do the concept trackers survive the embedded speech engine? The test half of the
 * tracker evaluation set is spoken by espeak-ng (agent en-us on the left channel, customer en-us+f3
 * on the right), at 8 kHz, as stereo calls of a few turns; the embedded engine transcribes each call
 * with its channel map, and the trackers run on the true turns and on what the engine heard. A
 * labelled concept of a call is caught when the call's trackers report it. Target: the engine keeps
 * at least 80% of the recall on the true transcripts. TRACKER_AUDIO_PER_CONCEPT sets the sample
 * (the first N positives of each concept in id order; default 4; TRACKER_AUDIO_SKIP=K starts after the first K,
 * a second sample to check a dev finding on). False alarms: the first
 * TRACKER_AUDIO_NEGATIVES hard negatives (default 16) are spoken as calls of their own, and every concept
 * reported on them counts. TRACKER_AUDIO_SPLIT=dev runs the dev half instead (for tuning; report test);
 * TRACKER_AUDIO_SPLIT=holdout the held-out set, a check on a dev finding with sentences nobody tuned on.
 * The engine is the default one (TRACKER_AUDIO_ENGINE picks another); sox runs with -R, so its dither is
 * the same on every run and two engine set-ups are compared on the same audio.
 */

const TURNS_PER_CALL = 4;
const GAP_S = 0.4;
const RATE = process.env.TRACKER_AUDIO_RATE ?? '8000';

/** What a spoken turn needs: the eval set's and the held-out set's sentences both fit. */
export type SpokenSentence = Pick<HoldoutSentence, 'id' | 'text' | 'speaker' | 'concepts'>;

export interface Call {
  id: string;
  sentences: SpokenSentence[];
}

export type AudioSplit = 'dev' | 'test' | 'holdout';

function sentencesOf(split: AudioSplit): SpokenSentence[] {
  return split === 'holdout' ? holdoutSentences() : evalSplit(split);
}

export function sample(perConcept: number, split: AudioSplit = 'test', skip = 0): Call[] {
  const test = sentencesOf(split).sort((a, b) => a.id.localeCompare(b.id));
  const byConcept = EVAL_CONCEPTS.map((c) => test.filter((s) => s.concepts[0] === c).slice(skip, skip + perConcept));
  // Round robin over concepts, so a call holds different concepts and each one counts.
  const picked: SpokenSentence[] = [];
  for (let k = 0; k < perConcept; k++) {
    for (const list of byConcept) {
      const s = list[k];
      if (s) picked.push(s);
    }
  }
  const calls: Call[] = [];
  for (let i = 0; i < picked.length; i += TURNS_PER_CALL) calls.push({ id: `call${calls.length + 1}`, sentences: picked.slice(i, i + TURNS_PER_CALL) });
  return calls;
}

/** Calls made only of hard negatives (sentences that say no concept), in id order. */
export function negativeCalls(count: number, split: AudioSplit = 'test'): Call[] {
  const negatives = sentencesOf(split)
    .filter((s) => s.concepts.length === 0)
    .sort((a, b) => a.id.localeCompare(b.id))
    .slice(0, count);
  const calls: Call[] = [];
  for (let i = 0; i < negatives.length; i += TURNS_PER_CALL) calls.push({ id: `neg${calls.length + 1}`, sentences: negatives.slice(i, i + TURNS_PER_CALL) });
  return calls;
}

const seconds = (wav: string): number => Number(execFileSync('soxi', ['-D', wav]).toString().trim());

/** An espeak-ng voice (with variant) and speed in words a minute. */
export interface Voice {
  voice: string;
  speed: number;
}

/** The bench's voices: agent en-us, customer en-us+f3, both at 150 words a minute. */
const benchVoice = (s: SpokenSentence): Voice => ({ voice: s.speaker === 'agent' ? 'en-us' : 'en-us+f3', speed: 150 });

/** One stereo call: each turn spoken on its speaker's channel, the other channel silent meanwhile. */
export function renderCall(dir: string, call: Call, voiceOf: (s: SpokenSentence) => Voice = benchVoice): { wav: string; turns: SpokenTurn[]; durationS: number } {
  const left: string[] = [];
  const right: string[] = [];
  const turns: SpokenTurn[] = [];
  let at = 0;
  call.sentences.forEach((s, i) => {
    const raw = join(dir, `${call.id}-${i}.raw.wav`);
    const turn = join(dir, `${call.id}-${i}.wav`);
    const silence = join(dir, `${call.id}-${i}.sil.wav`);
    const { voice, speed } = voiceOf(s);
    execFileSync('espeak-ng', ['-v', voice, '-s', String(speed), '-w', raw, s.text]);
    execFileSync('sox', ['-R', raw, '-r', RATE, '-c', '1', '-b', '16', turn, 'pad', '0', String(GAP_S)]);
    const d = seconds(turn);
    execFileSync('sox', ['-R', '-n', '-r', RATE, '-c', '1', '-b', '16', silence, 'trim', '0', String(d)]);
    (s.speaker === 'agent' ? left : right).push(turn);
    (s.speaker === 'agent' ? right : left).push(silence);
    turns.push({ speaker: s.speaker, start: at, text: s.text });
    at += d;
  });
  const l = join(dir, `${call.id}.left.wav`);
  const r = join(dir, `${call.id}.right.wav`);
  const wav = join(dir, `${call.id}.wav`);
  execFileSync('sox', ['-R', ...left, l]);
  execFileSync('sox', ['-R', ...right, r]);
  execFileSync('sox', ['-R', '-M', l, r, wav]);
  return { wav, turns, durationS: at };
}

export function found(turns: readonly SpokenTurn[], trackers: readonly CompiledTracker[] = builtInTrackers()): Set<string> {
  const r = trackCall(turns, trackers, null);
  return new Set([...r.intents.map((i) => i.id), ...r.script.filter((s) => s.found).map((s) => s.id)]);
}

/** One bench call as saved by TRACKER_AUDIO_SAVE: its labelled concepts, true turns and the engine's. */
export interface HeardCall {
  id: string;
  labelled: EvalConcept[];
  truth: SpokenTurn[];
  heard: SpokenTurn[];
}

export interface Tally {
  positives: number;
  caught: number;
  extra: number;
}

export function tally(t: Tally, labelled: ReadonlySet<EvalConcept>, hits: ReadonlySet<string>): void {
  for (const c of labelled) {
    t.positives++;
    if (hits.has(c)) t.caught++;
  }
  for (const h of hits) if (!labelled.has(h as EvalConcept)) t.extra++;
}

export async function runTrackersEngineBench(): Promise<void> {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
  } catch {
    console.log('skip trackers-on-engine benchmark: espeak-ng or sox missing (apt-get install espeak-ng sox)');
    return;
  }
  const asked = process.env.TRACKER_AUDIO_SPLIT;
  const split: AudioSplit = asked === 'dev' || asked === 'holdout' ? asked : 'test';
  const calls = sample(Number(process.env.TRACKER_AUDIO_PER_CONCEPT ?? 4), split, Number(process.env.TRACKER_AUDIO_SKIP ?? 0));
  const negCalls = negativeCalls(Number(process.env.TRACKER_AUDIO_NEGATIVES ?? 16), split);
  const dir = await mkdtemp(join(tmpdir(), 'cr-trackers-engine-'));
  // The default engine, as a user gets it: 8 kHz calls go through its call-centre LM.
  const engine = createTranscriber({ engine: process.env.TRACKER_AUDIO_ENGINE ?? 'embedded' });
  const truth: Tally = { positives: 0, caught: 0, extra: 0 };
  const heard: Tally = { positives: 0, caught: 0, extra: 0 };
  const falseOnNegatives = { truth: 0, heard: 0 };
  let audioS = 0;
  const started = performance.now();
  let example = '';
  let model = '';
  const saved: HeardCall[] = [];
  try {
    for (const call of [...calls, ...negCalls]) {
      const { wav, turns } = renderCall(dir, call);
      const t = await engine.transcribe({ filePath: wav, channels: { left: 'agent', right: 'customer' } });
      audioS += t.durationS;
      model = t.model;
      const engineTurns = t.segments.map((s) => ({ speaker: s.speaker, start: s.start, text: s.text }));
      const labelled = new Set(call.sentences.flatMap((s) => s.concepts));
      saved.push({ id: call.id, labelled: [...labelled], truth: turns, heard: engineTurns });
      const onTruth = found(turns);
      const onEngine = found(engineTurns);
      if (labelled.size === 0) {
        falseOnNegatives.truth += onTruth.size;
        falseOnNegatives.heard += onEngine.size;
        continue;
      }
      tally(truth, labelled, onTruth);
      tally(heard, labelled, onEngine);
      if (!example && call.sentences[0]) example = `said "${call.sentences[0].text}", heard "${engineTurns[0]?.text ?? ''}"`;
    }
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
  // The engine's transcripts do not depend on the tracker models, so a saved run lets
  // tests/bench/trackers/rescore-heard-calls.ts score other models on the same transcripts in seconds.
  if (process.env.TRACKER_AUDIO_SAVE) await writeFile(process.env.TRACKER_AUDIO_SAVE, JSON.stringify({ split, model, calls: saved }));
  const recall = (x: Tally): number => (x.positives ? x.caught / x.positives : 0);
  const turnCount = (list: Call[]): number => list.reduce((n, c) => n + c.sentences.length, 0);
  console.log(`trackers on ${calls.length} espeak-ng stereo calls at ${Number(RATE) / 1000} kHz (${truth.positives} labelled concepts, ${turnCount(calls)} turns), ${split === 'holdout' ? 'the held-out set' : `${split} half of the tracker eval set`}`);
  console.log(`  true transcripts:            recall ${recall(truth).toFixed(2)} (${truth.caught}/${truth.positives}), unlabelled concepts reported ${truth.extra}`);
  console.log(`  engine ${engine.engineName}: ${model}`);
  console.log(`  embedded engine transcripts: recall ${recall(heard).toFixed(2)} (${heard.caught}/${heard.positives}), unlabelled concepts reported ${heard.extra}`);
  const kept = recall(truth) > 0 ? recall(heard) / recall(truth) : 0;
  console.log(`  the engine keeps ${(kept * 100).toFixed(0)}% of the true-transcript recall (target >= 80%)`);
  console.log(`  ${negCalls.length} calls of hard negatives only (${turnCount(negCalls)} turns): concepts reported ${falseOnNegatives.truth} on the true transcripts, ${falseOnNegatives.heard} on the engine's`);
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${seconds.toFixed(0)} s for ${audioS.toFixed(0)} s of stereo audio, rendering included`);
  if (example) console.log(`  e.g. ${example}`);
}
