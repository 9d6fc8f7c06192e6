import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDefaultSteps } from '../../../electron/core/default-steps';
import { openDatabase, type Db } from '../../../electron/db/open';
import { scanFolder } from '../../../electron/ingest/scan-folder';
import { createStageHandlers } from '../../../electron/jobs/pipeline';
import { JobRunner } from '../../../electron/jobs/runner';
import { queueBackfill, runBackfill } from '../../../electron/redaction/backfill';
import { writeRedactionSettings } from '../../../electron/redaction/redaction-settings';
import { decodeTo16k } from '../../../electron/transcription/audio/decode-stream';
import { tempDir } from '../../fixtures/temp';
import { writeWav } from '../../fixtures/wav';

/**
 * Redaction at rest end to end on real files: a recording with a sidecar transcript in which a
 * customer reads a card number and an SSN goes through ingest and the job pipeline into a real
 * SQLite file; the numbers must be in neither the database file nor its WAL, nor the full-text
 * index, and the stored copy of the recording plays a tone where they were said.
 */

const CARD = '4539 1488 0343 6467';
const SSN_WORDS = 'one two three four five six seven eight nine';
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup(): { dir: string; folder: string; dbPath: string; db: Db } {
  const tmp = tempDir('cr-redaction-');
  cleanups.push(tmp.cleanup);
  const folder = join(tmp.path, 'calls');
  mkdirSync(folder);
  const dbPath = join(tmp.path, 'data', 'callrank.db');
  const db = openDatabase(dbPath);
  cleanups.unshift(() => db.close());
  return { dir: tmp.path, folder, dbPath, db };
}

/** A 6-second call (440 Hz) whose sidecar has the customer read a card (1–3 s) and an SSN (4–5.5 s), word by word. */
function plantCall(folder: string, name: string): string {
  const wav = join(folder, `${name}.wav`);
  writeWav(wav, { seconds: 6, sampleRate: 16000, frequencies: [440], amplitude: 0.5 });
  const cardWords = ['my', 'card', 'is', ...CARD.split(' ')].map((word, i) => ({ word, start: 0.4 + i * 0.4, end: 0.75 + i * 0.4 }));
  const ssnWords = ['social', 'is', ...SSN_WORDS.split(' ')].map((word, i) => ({ word, start: 3.5 + i * 0.2, end: 3.65 + i * 0.2 }));
  writeFileSync(
    join(folder, `${name}.transcript.json`),
    JSON.stringify({
      engine: 'acme-pbx',
      segments: [
        { speaker: 'agent', start: 0, end: 0.35, text: 'go ahead' },
        { speaker: 'customer', start: 0.4, end: 3.2, text: `my card is ${CARD}`, words: cardWords },
        { speaker: 'customer', start: 3.5, end: 5.7, text: `social is ${SSN_WORDS}`, words: ssnWords },
      ],
    }),
  );
  return wav;
}

async function ingestAndRun(db: Db, folder: string): Promise<void> {
  await scanFolder(db, folder, { settleMs: 0 });
  const steps = createDefaultSteps({ engine: 'embedded' });
  try {
    await new JobRunner(db, createStageHandlers(steps), { concurrency: 1 }).runUntilIdle();
  } finally {
    await steps.close();
  }
}

/** Every byte of the database and its WAL (and journal, if any), as Latin-1 text for searching. */
function storedBytes(dbPath: string): string {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-journal`].filter(existsSync).map((p) => readFileSync(p).toString('latin1')).join('\n');
}

function plantedAnywhere(bytes: string): string[] {
  const needles = [CARD, CARD.replace(/ /g, ''), '0343 6467', '4539 1488', SSN_WORDS, 'six seven eight nine'];
  return needles.filter((n) => bytes.includes(n));
}

async function samplesAt(path: string, seconds: number): Promise<Float32Array> {
  const all: number[] = [];
  for await (const block of decodeTo16k(path)) all.push(...(block[0] ?? []));
  const from = Math.round(seconds * 16000);
  return Float32Array.from(all.slice(from, from + 400));
}

/** How strongly a stretch of samples holds a frequency (normalised correlation with a sine and cosine). */
function strength(samples: Float32Array, hz: number): number {
  let s = 0;
  let c = 0;
  let e = 0;
  for (const [i, v] of samples.entries()) {
    s += v * Math.sin((2 * Math.PI * hz * i) / 16000);
    c += v * Math.cos((2 * Math.PI * hz * i) / 16000);
    e += v * v;
  }
  return Math.sqrt(s * s + c * c) / Math.sqrt(Math.max(e, 1e-12) * samples.length / 2);
}

describe('redaction at rest', () => {
  it('with redaction on (the default), a card and an SSN read on a call are stored nowhere: db, WAL, full-text index', async () => {
    const { folder, dbPath, db } = setup();
    const original = plantCall(folder, 'call-1');
    await ingestAndRun(db, folder);
    const call = db.prepare('SELECT call_id, transcript_text, transcript, recording_path FROM calls').get() as {
      call_id: string; transcript_text: string; transcript: string; recording_path: string;
    };
    expect(call.transcript_text).toContain('customer: my card is [CARD NUMBER]');
    expect(call.transcript_text).toContain('social is [SSN]');
    expect(call.transcript).not.toMatch(/4539|1488|six seven/);
    expect(db.prepare(`SELECT COUNT(*) FROM transcript_fts WHERE transcript_fts MATCH '4539 OR 6467 OR seven'`).pluck().get()).toBe(0);
    db.pragma('wal_checkpoint(PASSIVE)');
    expect(plantedAnywhere(storedBytes(dbPath))).toEqual([]);

    // The call plays a toned copy in the app's store; the user's own file is theirs and stays.
    expect(call.recording_path).toBe(join(dbPath, '..', 'recordings', 'redacted', `${call.call_id}.wav`));
    expect(existsSync(original)).toBe(true);
    const inCard = await samplesAt(call.recording_path, 2.0);
    expect(strength(inCard, 1000)).toBeGreaterThan(0.9);
    expect(strength(inCard, 440)).toBeLessThan(0.1);
    const beforeCard = await samplesAt(call.recording_path, 0.1);
    expect(strength(beforeCard, 440)).toBeGreaterThan(0.9);
  });

  it('with redaction off the number is stored as said (the check above can fail); turning it on back-fills and scrubs db and WAL', async () => {
    const { folder, dbPath, db } = setup();
    writeRedactionSettings(db, { card: false, ssn: false, bankAccount: false });
    plantCall(folder, 'call-2');
    await ingestAndRun(db, folder);
    expect(plantedAnywhere(storedBytes(dbPath))).not.toEqual([]);
    expect(db.prepare(`SELECT COUNT(*) FROM transcript_fts WHERE transcript_fts MATCH '4539'`).pluck().get()).toBe(1);

    const { widened } = writeRedactionSettings(db, { card: true, ssn: true });
    expect(widened).toBe(true);
    queueBackfill(db);
    await runBackfill(db);
    const run = db.prepare('SELECT state, total, done, redacted FROM redaction_runs ORDER BY run_id DESC').get();
    expect(run).toEqual({ state: 'done', total: 1, done: 1, redacted: 1 });
    expect(db.prepare(`SELECT COUNT(*) FROM transcript_fts WHERE transcript_fts MATCH '4539'`).pluck().get()).toBe(0);
    expect(plantedAnywhere(storedBytes(dbPath))).toEqual([]);
  });

  it("a recording in the app's own store is replaced by the toned copy, not kept beside it", async () => {
    const { dbPath, db } = setup();
    const store = join(dbPath, '..', 'recordings', 'uploads');
    mkdirSync(store, { recursive: true });
    const original = plantCall(store, 'uploaded');
    await ingestAndRun(db, store);
    const path = db.prepare('SELECT recording_path FROM calls').pluck().get() as string;
    expect(path).toMatch(/recordings\/redacted\/.+\.wav$/);
    expect(existsSync(path)).toBe(true);
    expect(existsSync(original)).toBe(false);
  });
});

describe('redaction at rest in the CSV import of calls', () => {
  it('stores an imported transcript redacted: no card number in the row, the index, the db or its WAL', async () => {
    const { importCalls } = await import('../../../electron/scoring/import/import-calls');
    const { dbPath, db } = setup();
    db.prepare(`INSERT INTO leads (lead_id, phone_number, created_at, updated_at) VALUES ('L1', '+14155550100', '2026-01-01', '2026-01-01')`).run();
    const csv = [
      'call_id,lead_id,call_start_time,call_duration,direction,agent,call_transcript',
      `X1,L1,2026-01-02T10:00:00Z,60,outbound,ann,"agent: can I take the card number | customer: ${CARD} | agent: thanks"`,
    ].join('\n');
    const report = importCalls(db, csv, { map: new Map() });
    expect(report.errors).toEqual([]);
    expect(db.prepare('SELECT transcript_text FROM calls').pluck().get()).toContain('customer: [CARD NUMBER]');
    expect(db.prepare(`SELECT COUNT(*) FROM transcript_fts WHERE transcript_fts MATCH '4539'`).pluck().get()).toBe(0);
    expect(plantedAnywhere(storedBytes(dbPath))).toEqual([]);
  });
});
