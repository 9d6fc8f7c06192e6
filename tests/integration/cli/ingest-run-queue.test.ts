import { copyFileSync } from 'node:fs';
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

describe('ingest -> run -> queue over 200 recordings with sidecars', () => {
  const tmp = tempDir('cr-200-');
  const folder = join(tmp.path, 'recordings');
  const db = join(tmp.path, 'callrank.db');
  let calls: GeneratedCall[] = [];
  beforeAll(() => {
    calls = makeRecordingsFolder(folder, 200, { seconds: 0.4 });
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
