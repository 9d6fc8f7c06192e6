import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRecordingsFolder, type GeneratedCall } from '../../fixtures/recordings-folder';
import { runCli } from '../../fixtures/cli';
import { tempDir } from '../../fixtures/temp';

interface QueueJson {
  lead_id: string;
  phone_number: string | null;
  score: number | null;
  call_ids: string[];
}

type Kind = 'booked' | 'callback' | 'declined' | 'tone';

// Sidecar transcripts (<name>.transcript.json) give a third of the calls real conversations, so the
// queue has something to rank: the tone-only recordings all transcribe to nothing and score alike.
const CONVERSATIONS: Record<Exclude<Kind, 'tone'>, [speaker: string, text: string][]> = {
  booked: [
    ['agent', 'Thanks for calling Sunrise Solar, how can I help you today?'],
    ['customer', 'Hi, how much does a rooftop system cost for a small bakery?'],
    ['agent', 'Most of our small business installs come in around twelve thousand dollars.'],
    ['customer', 'That works for us. Can we book a site survey for Tuesday at ten?'],
    ['agent', "You're booked for Tuesday at ten, we'll see you then."],
  ],
  callback: [
    ['agent', 'Thanks for calling Sunrise Solar, how can I help you today?'],
    ['customer', "I'm driving right now, could you call me back tomorrow afternoon?"],
    ['agent', 'Of course, I will call you back tomorrow afternoon.'],
  ],
  declined: [
    ['agent', 'Thanks for calling Sunrise Solar, how can I help you today?'],
    ['customer', "Sorry, I think I have the wrong number. I'm not interested in solar."],
    ['agent', 'No problem, have a good day.'],
  ],
};
const kindOf = (i: number): Kind => (['booked', 'callback', 'declined', 'tone', 'tone', 'tone'] as const)[i % 6] as Kind;

function writeTranscript(recording: string, kind: Exclude<Kind, 'tone'>): void {
  const segments = CONVERSATIONS[kind].map(([speaker, text], n) => ({ speaker, start: n * 0.05, end: n * 0.05 + 0.05, text }));
  writeFileSync(recording.replace(/\.wav$/, '.transcript.json'), JSON.stringify({ segments }));
}

describe('ingest -> run -> queue over 200 recordings with sidecars', () => {
  const tmp = tempDir('cr-200-');
  const folder = join(tmp.path, 'recordings');
  const db = join(tmp.path, 'callrank.db');
  let calls: GeneratedCall[] = [];
  beforeAll(() => {
    calls = makeRecordingsFolder(folder, 200, { seconds: 0.4 });
    calls.forEach((c, i) => {
      const kind = kindOf(i);
      if (kind !== 'tone') writeTranscript(c.file, kind);
    });
  });
  afterAll(() => tmp.cleanup());

  it('ingests every recording, processes them all, and lists each lead once', () => {
    const ingest = runCli(['ingest', folder, '--db', db]);
    expect(ingest.stderr).toBe('');
    expect(ingest.stdout).toMatch(/found 200 recordings: 200 added/);
    expect(ingest.code).toBe(0);

    const run = runCli(['run', '--db', db]);
    expect(run.stdout).toMatch(/finished: 200 done, 0 failed, 0 unfinished/);
    expect(run.code).toBe(0);

    const queue = runCli(['queue', '--json', '--db', db]);
    expect(queue.code).toBe(0);
    const items = JSON.parse(queue.stdout) as QueueJson[];
    const distinctPhones = new Set(calls.map((c) => c.phone));
    expect(items).toHaveLength(distinctPhones.size);
    expect(new Set(items.map((i) => i.lead_id)).size).toBe(items.length);
    expect(new Set(items.map((i) => i.phone_number))).toEqual(distinctPhones);
    const allCallIds = items.flatMap((i) => i.call_ids);
    expect(allCallIds).toHaveLength(200);
    expect(new Set(allCallIds).size).toBe(200);
    // Best first.
    const scores = items.map((i) => i.score ?? -1);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('ranks a lead who booked above one who asked for a callback, above one who declined or said nothing', () => {
    const items = JSON.parse(runCli(['queue', '--json', '--db', db]).stdout) as QueueJson[];
    // A lead's kinds: those of all its calls (a repeat caller has two). Only single-kind leads are compared.
    const kindsByPhone = new Map<string, Set<Kind>>();
    calls.forEach((c, i) => kindsByPhone.set(c.phone, (kindsByPhone.get(c.phone) ?? new Set<Kind>()).add(kindOf(i))));
    const tier = (k: Kind): number => ({ booked: 0, callback: 1, declined: 2, tone: 2 })[k];
    const tiers = items.flatMap((item) => {
      const kinds = [...(kindsByPhone.get(item.phone_number ?? '') ?? [])];
      const tiersOfLead = new Set(kinds.map(tier));
      return tiersOfLead.size === 1 ? [{ tier: [...tiersOfLead][0] as number, score: item.score ?? -1 }] : [];
    });
    // Each tier is present, in numbers, and the queue lists them in tier order.
    for (const t of [0, 1, 2]) expect(tiers.filter((x) => x.tier === t).length).toBeGreaterThan(20);
    const order = tiers.map((x) => x.tier);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The order comes from the scores: every booked lead outscores every callback lead, and so on.
    const range = (t: number): number[] => tiers.filter((x) => x.tier === t).map((x) => x.score);
    expect(Math.min(...range(0))).toBeGreaterThan(Math.max(...range(1)));
    expect(Math.min(...range(1))).toBeGreaterThan(Math.max(...range(2)));
  });

  it('adds nothing on a second ingest of the same folder', () => {
    const again = runCli(['ingest', folder, '--db', db]);
    expect(again.stdout).toMatch(/found 200 recordings: 0 added, 200 skipped \(200 unchanged, 0 duplicates\)/);
    expect(again.code).toBe(0);
  });

  it('adds nothing for a copy of a recording under another name', () => {
    const original = calls[7]!.file;
    copyFileSync(original, join(folder, 'renamed-copy.wav'));
    const again = runCli(['ingest', folder, '--db', db]);
    expect(again.stdout).toMatch(/found 201 recordings: 0 added, 201 skipped \(200 unchanged, 1 duplicates\)/);
    expect(again.stdout).toMatch(/renamed-copy\.wav: same audio as call C/);
    const status = JSON.parse(runCli(['status', '--json', '--db', db]).stdout) as { calls: number; failed: unknown[] };
    expect(status.calls).toBe(200);
    expect(status.failed).toEqual([]);
  });
});
