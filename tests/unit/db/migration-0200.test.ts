import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/db/migrations/index';
import { migration } from '../../../electron/db/migrations/0200-redaction';
import { readRedactionSettings } from '../../../electron/redaction/redaction-settings';
import { dbAtVersion } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';
/** The version just before this migration, whatever others add below it. */
const previous = migrations[migrations.indexOf(migration) - 1]?.version ?? 0;

describe('migration 0200 redaction', () => {
  it('turns redaction on for cards, SSNs and bank accounts, and queues a run over the transcripts already stored', () => {
    const db = dbAtVersion(previous, cleanups);
    const transcript = JSON.stringify({ engine: 'x', model: 'x', engineVersion: '1', source: 'sidecar', language: 'en', durationS: 1, segments: [] });
    const call = db.prepare(`INSERT INTO calls (call_id, transcript, transcript_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
    call.run('C1', transcript, 'customer: my card is 4111 1111 1111 1111', T, T);
    call.run('C2', transcript, 'agent: hello', T, T);
    call.run('C3', null, null, T, T);
    migration.up(db);
    expect(readRedactionSettings(db)).toEqual({ card: true, ssn: true, bankAccount: true, email: false, address: false });
    expect(db.prepare('SELECT state, total, done FROM redaction_runs').all()).toEqual([{ state: 'queued', total: 2, done: 0 }]);
    // Rows the migration did not touch are as they were.
    expect(db.prepare('SELECT transcript_text FROM calls WHERE call_id = ?').pluck().get('C1')).toBe('customer: my card is 4111 1111 1111 1111');
  });

  it('queues nothing on a database with no transcripts', () => {
    const db = dbAtVersion(previous, cleanups);
    migration.up(db);
    expect(db.prepare('SELECT COUNT(*) FROM redaction_runs').pluck().get()).toBe(0);
  });
});
