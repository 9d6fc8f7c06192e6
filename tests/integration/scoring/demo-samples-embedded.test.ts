import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, spawnCli } from '../../fixtures/cli';

/**
 * SLOW (a few minutes): the real pipeline on three bundled samples through the embedded speech
 * engine, as `npm run demo` runs them: their sidecars carry call metadata and channel maps, no
 * transcript, so every word comes from the engine. The wrong number and the voicemail must rank
 * under the call that went nowhere, each with the evidence that put it there.
 */
const SAMPLES = ['02-wrong-number.wav', '03-not-interested.ogg', '06-voicemail.wav'];
const dir = mkdtempSync(join(tmpdir(), 'cr-demo-samples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface QueueItem {
  phone_number: string;
  score: number;
  rank_reason: string;
}

describe('the demo samples through the embedded engine', () => {
  it('ranks the wrong number and the voicemail last, each with its evidence', async () => {
    const folder = join(dir, 'samples');
    const db = join(dir, 'demo.db');
    mkdirSync(folder);
    for (const f of SAMPLES) {
      copyFileSync(join(repoRoot, 'resources/samples', f), join(folder, f));
      const json = f.replace(/\.\w+$/, '.json');
      copyFileSync(join(repoRoot, 'resources/samples', json), join(folder, json));
    }
    expect(runCli(['ingest', folder, '--db', db]).stdout).toMatch(/3 added/);
    // The engine may take longer than runCli's limit on a shared machine: wait for the process to end.
    const child = spawnCli(['run', '--db', db]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(out).toMatch(/3 done, 0 failed/);
    const queue = JSON.parse(runCli(['queue', '--json', '--db', db]).stdout) as QueueItem[];
    // 03 not interested +13125550142, 02 wrong number +12125550187, 06 voicemail +15035550121
    expect(queue.map((q) => q.phone_number)).toEqual(['+13125550142', '+12125550187', '+15035550121']);
    expect(queue[1]?.rank_reason).toMatch(/no customer engagement -30 "the customer said \d+ words/);
    expect(queue[2]?.rank_reason).toMatch(/voicemail -40 "only the agent spoke on this outbound call/);
  }, 900_000);
});
