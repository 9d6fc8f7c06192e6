import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectSpans, type RedactionKind, type Turn } from '../../electron/redaction/detect';
import { createTranscriber } from '../../electron/transcription/index';
import { emptyScore, loadCorpus, scoreItem, type CorpusItem, type Score } from '../fixtures/redaction/corpus';

/**
 * Redaction recall and precision on the labelled corpus (tests/fixtures/redaction): on its text, the
 * dev half (the detector was built looking at it) beside the test half (never looked at while
 * building); then the test half spoken by espeak-ng at 8 kHz (telephone band) and transcribed by the
 * embedded engine, each turn on its own so the speakers stay apart.
 */

const KINDS: ReadonlySet<RedactionKind> = new Set(['card', 'ssn', 'bank_account']);
const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((a / b) * 100).toFixed(1)}%`);

function scoreText(items: readonly CorpusItem[]): Score {
  const score = emptyScore();
  for (const item of items) scoreItem(item, detectSpans(item.turns, { kinds: KINDS }), score);
  return score;
}

function printRow(label: string, s: Score, items: number): void {
  console.log(`${label.padEnd(40)} ${String(items).padStart(6)} ${String(s.entities).padStart(9)} ${pct(s.caught, s.entities).padStart(8)} ${pct(s.correct, s.predicted).padStart(10)}`);
}

/**
 * Audio: an entity counts as caught when every turn it was spoken in has a detected span of any
 * number kind; a detected span is correct when its turn held an entity (recognised words cannot be
 * lined up character by character with the script).
 */
async function benchAudio(items: readonly CorpusItem[]): Promise<void> {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
  } catch {
    console.log('skip redaction audio benchmark: espeak-ng or sox missing (apt-get install espeak-ng sox)');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'cr-redaction-bench-'));
  const engine = createTranscriber({ engine: 'embedded' });
  const score = emptyScore();
  let digitsSaid = 0;
  let digitsHeard = 0;
  let example: string | undefined;
  const started = performance.now();
  try {
    for (const item of items) {
      const heard: Turn[] = [];
      for (const [i, turn] of item.turns.entries()) {
        const raw = join(dir, `${item.id}-${i}.raw.wav`);
        const wav = join(dir, `${item.id}-${i}.wav`);
        execFileSync('espeak-ng', ['-v', turn.speaker === 'agent' ? 'en-us' : 'en-us+f3', '-s', '150', '-w', raw, turn.text]);
        execFileSync('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', wav]);
        const t = await engine.transcribe({ filePath: wav });
        heard.push({ speaker: turn.speaker, text: t.segments.map((s) => s.text).join(' ') });
        if (example === undefined && item.entities.some((e) => e.pieces.some((p) => p.turn === i))) example = `said "${turn.text}", heard "${heard[i]?.text}"`;
      }
      const spans = detectSpans(heard, { kinds: KINDS });
      const entityTurns = new Set(item.entities.flatMap((e) => e.pieces.map((p) => p.turn)));
      for (const e of item.entities) {
        score.entities++;
        digitsSaid += e.digits.length;
        if (e.pieces.every((p) => spans.some((s) => s.pieces.some((q) => q.turn === p.turn)))) score.caught++;
      }
      for (const s of spans) {
        score.predicted++;
        if (s.pieces.some((q) => entityTurns.has(q.turn))) score.correct++;
      }
      for (const e of item.entities)
        for (const p of e.pieces) digitsHeard += (heard[p.turn]?.text.match(/\d|\b(zero|oh|one|two|three|four|five|six|seven|eight|nine)\b/gi) ?? []).length;
    }
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
  printRow('test, espeak-ng 8 kHz, embedded engine', score, items.length);
  if (example) console.log(`  e.g. ${example}`);
  console.log(`  digits said in turns with a number: ${digitsSaid}; digit tokens the engine wrote there: ${digitsHeard}; ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

export async function runRedactionBench(): Promise<void> {
  const dev = loadCorpus('dev');
  const test = loadCorpus('test');
  console.log(`${'redaction (cards, SSNs, bank accounts)'.padEnd(40)} ${'items'.padStart(6)} ${'entities'.padStart(9)} ${'recall'.padStart(8)} ${'precision'.padStart(10)}`);
  printRow('dev text (built on)', scoreText(dev), dev.length);
  const testScore = scoreText(test);
  printRow('test text (reported)', testScore, test.length);
  for (const m of testScore.missed) console.log(`  missed: ${m}`);
  for (const f of testScore.falseAlarms) console.log(`  false alarm: ${f}`);
  // The embedded engine takes seconds a turn on a shared machine: a fixed slice of the test half,
  // every template with a number once (REDACTION_AUDIO_ITEMS changes how many).
  const limit = Number(process.env.REDACTION_AUDIO_ITEMS ?? 16);
  const withNumbers = test.filter((item, i) => item.entities.length > 0 && test.findIndex((o) => o.template === item.template) === i);
  await benchAudio(withNumbers.slice(0, limit));
}
