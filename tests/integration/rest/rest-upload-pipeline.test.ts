import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { startServeChild } from '../../fixtures/servers/serve-child';
import { tempDir } from '../../fixtures/temp';
import { wavBytes } from '../../fixtures/wav';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('POST /api/calls with serve --watch', () => {
  it('an uploaded recording is transcribed and scored by the running pipeline, and its lead shows the score', async () => {
    const tmp = tempDir('cr-rest-up-');
    cleanups.push(tmp.cleanup);
    const dbPath = join(tmp.path, 'callrank.db');
    openDatabase(dbPath).close();
    const serve = await startServeChild(['--watch', join(tmp.path, 'watched'), '--db', dbPath], { CALLRANK_TOKEN: 't0k', CALLRANK_RECORDINGS_DIR: join(tmp.path, 'store') });
    cleanups.push(() => serve.stop());
    const auth = { authorization: 'Bearer t0k' };
    const up = await fetch(`${serve.origin}/api/calls?filename=upload.wav&from=%2B14155557001&direction=inbound`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'audio/wav' },
      body: new Blob([new Uint8Array(wavBytes({ seconds: 2, channels: 2, frequencies: [300, 500], tag: 3 }))]),
    });
    expect(up.status).toBe(201);
    const { call_id: callId } = (await up.json()) as { call_id: string };

    // The runner works on its own time; wait for the job to end, however long this machine takes.
    const db = openDatabase(dbPath);
    cleanups.push(() => void db.close());
    let job: { stage: string; state: string; last_error: string | null } | undefined;
    do {
      await new Promise((r) => setTimeout(r, 200));
      job = db.prepare('SELECT stage, state, last_error FROM jobs WHERE call_id = ?').get(callId) as typeof job;
    } while (job && job.state !== 'done' && job.state !== 'failed');
    expect(job).toEqual({ stage: 'done', state: 'done', last_error: null });

    const lead = db.prepare('SELECT lead_id FROM calls WHERE call_id = ?').get(callId) as { lead_id: string };
    const detail = (await (await fetch(`${serve.origin}/api/leads/${lead.lead_id}`, { headers: auth })).json()) as { phone_number: string; calls: { call_id: string; lead_score: number | null }[] };
    expect(detail.phone_number).toBe('+14155557001');
    expect(detail.calls).toEqual([expect.objectContaining({ call_id: callId, lead_score: expect.any(Number) })]);
  }, 120_000);
});
