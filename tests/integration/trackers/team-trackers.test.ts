import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../../electron/core/api-handlers';
import { createCoreContext } from '../../../electron/core/context';
import { createDefaultSteps } from '../../../electron/core/default-steps';
import { dispatch } from '../../../electron/core/dispatch';
import { openDatabase, type Db } from '../../../electron/db/open';
import { createStageHandlers } from '../../../electron/jobs/pipeline';
import { JobRunner } from '../../../electron/jobs/runner';
import type { ApiMethod, ApiOutput } from '../../../shared/api/contract';
import { callFeaturesSchema } from '../../../shared/scoring/call-features';
import { seedUiDatabase } from '../../fixtures/seed-ui';
import { tempDir } from '../../fixtures/temp';
import { addEmailCalls, EMAIL_TRACKER as EMAIL } from '../../fixtures/seed-tracker-calls';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});


function setup(): { db: Db; call: <M extends ApiMethod>(m: M, input: unknown) => Promise<ApiOutput<M>> } {
  const tmp = tempDir('cr-team-trackers-');
  cleanups.push(tmp.cleanup);
  const path = join(tmp.path, 'ui.db');
  seedUiDatabase(path, 14);
  const db = openDatabase(path);
  cleanups.push(() => {
    db.close();
  });
  addEmailCalls(db);
  const api = createApiHandlers(createCoreContext(db));
  return { db, call: async (m, input) => (await dispatch(api, m, input)) as ApiOutput<typeof m> };
}

const count = (db: Db, sql: string): number => db.prepare(sql).pluck().get() as number;

describe('team trackers through the API, on a real database', () => {
  it('a tracker with no examples is refused with a message saying what to add, and nothing stored changes', async () => {
    const { db, call } = setup();
    const before = {
      rubrics: count(db, 'SELECT COUNT(*) FROM rubrics'),
      jobs: count(db, 'SELECT COUNT(*) FROM jobs'),
      features: db.prepare('SELECT group_concat(features) FROM calls').pluck().get(),
    };
    for (const examples of [[], ['   ', '']]) {
      await expect(call('saveTracker', { tracker: { ...EMAIL, examples } })).rejects.toThrow(
        /has no example sentences: add at least one sentence that says "Asks for it by email"/,
      );
      await expect(call('previewTracker', { tracker: { ...EMAIL, examples } })).rejects.toThrow(/has no example sentences/);
    }
    await expect(call('saveTracker', { tracker: { ...EMAIL, name: 'Pricing asked' } })).rejects.toThrow(/built-in tracker "pricing_asked"/);
    expect(count(db, 'SELECT COUNT(*) FROM team_trackers')).toBe(0);
    expect(count(db, 'SELECT COUNT(*) FROM rubrics')).toBe(before.rubrics);
    expect(count(db, 'SELECT COUNT(*) FROM jobs')).toBe(before.jobs);
    expect(db.prepare('SELECT group_concat(features) FROM calls').pluck().get()).toBe(before.features);
  });

  it('previews on stored calls, and a save versions it with the rubrics and re-analyses every call from its transcript', async () => {
    const { db, call } = setup();
    const preview = await call('previewTracker', { tracker: EMAIL, lastCalls: 500 });
    const quotes = new Set(preview.hits.map((h) => h.quote));
    for (const q of ['Can you send me the details by email?', 'Could you email me a copy of the quote?']) expect(quotes).toContain(q);
    // Said by the agent: this tracker listens to customers only.
    expect(preview.hits.every((h) => h.speaker === 'customer')).toBe(true);
    expect(preview.quality).toMatchObject({ examples: 5, notThis: 0 });

    const transcriptsBefore = db.prepare('SELECT group_concat(transcript) FROM calls').pluck().get();
    const featuresOf = (id: string) => callFeaturesSchema.parse(JSON.parse(db.prepare('SELECT features FROM calls WHERE call_id = ?').pluck().get(id) as string));
    const quoteCallBefore = featuresOf('C-email-quote');
    const saved = await call('saveTracker', { tracker: EMAIL, by: 'sam' });
    expect(saved).toMatchObject({ id: 'asks_for_it_by_email', version: 1 });
    expect(saved.queued).toBe(count(db, 'SELECT COUNT(*) FROM calls WHERE features IS NOT NULL'));
    expect(count(db, "SELECT COUNT(*) FROM jobs WHERE stage = 'analyse' AND state = 'queued'")).toBe(saved.queued);
    for (const kind of ['lead', 'qa']) {
      const active = JSON.parse(db.prepare('SELECT definition FROM rubrics WHERE kind = ? AND active = 1').pluck().get(kind) as string) as { trackers?: unknown };
      expect(active.trackers).toEqual({ asks_for_it_by_email: 1 });
      expect(saved.rubricVersions[kind]).toBeGreaterThan(1);
    }

    // The job runner re-analyses from the stored transcripts (a transcribe stage would fail: the seed's audio is a tone).
    const steps = createDefaultSteps();
    const runner = new JobRunner(db, createStageHandlers(steps), { concurrency: 1 });
    const transcribed: string[] = [];
    runner.on('stageDone', (e) => e.stage === 'transcribe' && transcribed.push(e.callId));
    await runner.runUntilIdle();
    await steps.close();
    expect(transcribed).toEqual([]);
    expect(count(db, "SELECT COUNT(*) FROM jobs WHERE state <> 'done'")).toBe(0);
    expect(db.prepare('SELECT group_concat(transcript) FROM calls').pluck().get()).toBe(transcriptsBefore);
    expect(count(db, 'SELECT COUNT(*) FROM tracker_reanalysis')).toBe(0);
    // Only the team's tracker was run again: the rest of the features are the stored ones, built-in intents included.
    const quoteCallAfter = featuresOf('C-email-quote');
    expect({ ...quoteCallAfter, intents: quoteCallAfter.intents.filter((i) => i.id !== 'asks_for_it_by_email') }).toEqual(quoteCallBefore);
    expect(quoteCallAfter.intents.find((i) => i.id === 'asks_for_it_by_email')?.evidence[0]?.quote).toBe('Could you email me a copy of the quote?');

    const withHit = (db.prepare('SELECT features FROM calls').pluck().all() as string[])
      .map((f) => callFeaturesSchema.parse(JSON.parse(f)))
      .filter((f) => f.intents.some((i) => i.id === 'asks_for_it_by_email'));
    expect(withHit.length).toBeGreaterThan(0);
    expect(withHit.flatMap((f) => f.intents.find((i) => i.id === 'asks_for_it_by_email')?.evidence.map((e) => e.quote) ?? [])).toContain(
      'Can you send me the details by email?',
    );
    // Every score now names the rubric version that recorded this tracker version.
    const activeIds = db.prepare('SELECT rubric_id FROM rubrics WHERE active = 1').pluck().all() as number[];
    expect(count(db, `SELECT COUNT(*) FROM scores WHERE rubric_id NOT IN (${activeIds.join(',')})`)).toBe(0);

    const listed = await call('listTrackers', {});
    expect(listed.trackers).toMatchObject([{ id: 'asks_for_it_by_email', version: 1, tracker: { name: EMAIL.name, speaker: 'customer' } }]);
    expect(listed.builtIn.map((b) => b.id)).toContain('pricing_asked');
  });

  it('a sentence marked wrong becomes a "not this" example and the relearnt tracker stops firing on it', async () => {
    const { call } = setup();
    const wrong = 'Please send the brochure to my email.';
    const first = await call('previewTracker', { tracker: EMAIL, lastCalls: 500 });
    expect(first.hits.map((h) => h.quote), 'a hit before it is marked').toContain(wrong);
    const relearnt = await call('previewTracker', { tracker: { ...EMAIL, notThis: [wrong] }, lastCalls: 500 });
    expect(relearnt.hits.map((h) => h.quote)).not.toContain(wrong);
    expect(relearnt.hits.map((h) => h.quote)).toContain('Could you email me a copy of the quote?');
    expect(relearnt.quality).toMatchObject({ examples: 5, notThis: 1 });
  });
});
