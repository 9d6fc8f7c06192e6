import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { runCliAsync } from '../../fixtures/servers/run-cli-async';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('conversions (Google Ads offline conversion CSV)', () => {
  it('exports only qualified calls: by caller number, or by click id when the lead has one', async () => {
    const tmp = tempDir('cr-gads-');
    cleanups.push(tmp.cleanup);
    const dbPath = join(tmp.path, 'callrank.db');
    const db = openDatabase(dbPath);
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO rubrics (kind, version, name, definition, active, created_at) VALUES ('lead', 1, 'lead', '{}', 1, ?)`).run(now);
    const lead = db.prepare('INSERT INTO leads (lead_id, phone_number, attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    lead.run('L1', '+14155550134', '{}', now, now);
    lead.run('L2', '+14155550177', '{"gclid":"Cj0KCQjw-test"}', now, now);
    lead.run('L3', '+14155550199', '{}', now, now);
    const call = db.prepare('INSERT INTO calls (call_id, lead_id, call_start_time, call_duration, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    const score = db.prepare(`INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, outcomes, scored_at) VALUES (?, 'lead', 1, ?, ?, ?, '', ?)`);
    call.run('C1', 'L1', '2026-10-02T10:00:00.000Z', 125.4, now, now);
    score.run('C1', 82, 'hot', 1, now);
    call.run('C2', 'L2', '2026-10-02T11:00:00.000Z', 60, now, now);
    score.run('C2', 65, 'warm', 1, now);
    call.run('C3', 'L3', '2026-10-02T12:00:00.000Z', 30, now, now);
    score.run('C3', 20, 'cold', 0, now);
    db.close();
    const out = join(tmp.path, 'conversions.csv');
    const r = await runCliAsync(['conversions', out, '--name', 'Qualified call', '--value', '120', '--db', dbPath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 call conversions ->.*\n1 click conversions ->/);
    expect(readFileSync(out, 'utf8')).toBe(
      'Parameters:TimeZone=+0000\n' +
        "Caller's Phone Number,Call Start Time,Conversion Name,Conversion Time,Conversion Value,Conversion Currency\n" +
        '+14155550134,2026-10-02 10:00:00+00:00,Qualified call,2026-10-02 10:02:06+00:00,120,USD\n',
    );
    expect(readFileSync(join(tmp.path, 'conversions-clicks.csv'), 'utf8')).toBe(
      'Parameters:TimeZone=+0000\nGoogle Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency\n' +
        'Cj0KCQjw-test,Qualified call,2026-10-02 11:01:00+00:00,120,USD\n',
    );
  });
});
