import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open';
import { FakeHubSpot } from '../../fixtures/servers/hubspot-server';
import { runCliAsync } from '../../fixtures/servers/run-cli-async';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function seed(db: Db, n: number): void {
  const now = new Date().toISOString();
  db.prepare(`INSERT INTO rubrics (kind, version, name, definition, active, created_at) VALUES ('lead', 1, 'lead', '{}', 1, ?)`).run(now);
  const breakdown = JSON.stringify([
    { id: 'budget', description: 'Budget confirmed', outcome: 'met', points: 25 },
    { id: 'timeline', description: 'Timeline stated', outcome: 'met', points: 15 },
  ]);
  const lead = db.prepare('INSERT INTO leads (lead_id, email, phone_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const call = db.prepare('INSERT INTO calls (call_id, lead_id, call_start_time, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const score = db.prepare(`INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, breakdown, scored_at) VALUES (?, 'lead', 1, ?, ?, ?, ?, ?)`);
  for (let i = 0; i < n; i++) {
    const id = `L${String(i).padStart(3, '0')}`;
    // Lead 0 has only a phone that HubSpot knows, lead 1 only a phone it does not know, the rest an email.
    lead.run(id, i < 2 ? null : `lead${i}@example.com`, `+1415555${String(1000 + i)}`, now, now);
    call.run(`C${i}`, id, `2026-10-0${1 + (i % 5)}T10:00:00Z`, now, now);
    const s = 20 + (i % 80);
    score.run(`C${i}`, s, s >= 70 ? 'hot' : s >= 40 ? 'warm' : 'cold', s >= 60 ? 1 : 0, breakdown, now);
  }
}

const plannedKeys = (out: string): string[] =>
  out.split('\n').filter((l) => /^\s+(planned|written)\s/.test(l)).map((l) => l.replace(/^\s+\w+\s+/, '').replace(/ \[\d+\]/, '')).sort();

describe('crm push hubspot', () => {
  it('the dry run lists exactly the changes the push then makes; batches of 100; 429s ridden out; a second push has nothing to do', async () => {
    const tmp = tempDir('cr-crm-');
    const hub = new FakeHubSpot('pat-test');
    await hub.start();
    cleanups.push(tmp.cleanup, () => hub.stop());
    hub.addContact({ phone: '+14155551000', firstname: 'Known' });
    const dbPath = join(tmp.path, 'callrank.db');
    const db = openDatabase(dbPath);
    seed(db, 150);
    db.close();
    const env = { HUBSPOT_TOKEN: 'pat-test' };
    const args = ['crm', 'push', 'hubspot', '--base-url', hub.baseUrl, '--db', dbPath];

    const dry = await runCliAsync([...args, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run for hubspot: 149 changes would be written, 1 skipped/);
    expect(dry.stdout).toMatch(/skipped L001 -> phone:\+14155551001: .* no HubSpot contact has phone/);
    expect(hub.writes).toHaveLength(0); // a dry run writes nothing

    hub.rateLimitNext(2);
    const push = await runCliAsync(args, env);
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(/pushed to hubspot: 149 written, 0 failed, 1 skipped/);
    expect(push.stderr).toMatch(/waiting 1\.0 s: 429 Too Many Requests \(Retry-After 1\)/);
    // Same lines, same targets, same values.
    expect(plannedKeys(push.stdout)).toEqual(plannedKeys(dry.stdout));
    const received = hub.writes.map((w) => `${w.key}: score=${w.properties.callrank_score} band=${w.properties.callrank_band} probability=${w.properties.callrank_probability || '-'} top_reason="${w.properties.callrank_top_reason}"`);
    const dryTargets = plannedKeys(dry.stdout).map((l) => l.replace(/^L\d+ -> /, '').replace(/ \(first push\)$/, '').replace(/^phone:\+14155551000/, 'id:1000'));
    expect(received.sort()).toEqual(dryTargets.sort());
    // One batch of 100 (99 upserts by email + the phone-matched contact updated by id), then the remaining 49.
    expect(hub.requests.filter((r) => r.path.endsWith('batch/upsert')).map((r) => r.inputs)).toEqual([99, 49]);
    expect(hub.requests.filter((r) => r.path.endsWith('batch/update')).map((r) => r.inputs)).toEqual([1]);
    // The two 429s hit the phone searches, which were asked again.
    expect(hub.requests.filter((r) => r.path.endsWith('search'))).toHaveLength(2 + 2 + 2);
    expect(hub.writes.every((w) => w.properties.callrank_top_reason === 'Budget confirmed')).toBe(true);

    const again = await runCliAsync([...args, '--dry-run'], env);
    expect(again.stdout).toMatch(/0 changes would be written, 1 skipped/);

    const db2 = openDatabase(dbPath);
    cleanups.push(() => void db2.close());
    db2.prepare(`UPDATE scores SET score = 91, band = 'hot' WHERE call_id = 'C7'`).run();
    const one = await runCliAsync([...args, '--dry-run'], env);
    expect(one.stdout).toMatch(/1 changes would be written/);
    expect(one.stdout).toMatch(/planned L007 -> id:\d+ \[\d+\]: score=91 band=hot .*\(was 27 cold\)/);
    expect(db2.prepare(`SELECT COUNT(*) AS n FROM crm_push_log WHERE outcome = 'written'`).get()).toEqual({ n: 149 });
  }, 60_000);
});
