import Database from 'better-sqlite3';
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { QueueView } from '../../../electron/queue/queue-window';
import { storedIndexPath } from '../../../electron/queue/stored-index';
import { knownTokensPath } from '../../../electron/server/known-tokens';
import { runCli } from '../../fixtures/cli';
import { startServeChild, type ServeChild } from '../../fixtures/servers/serve-child';
import { tempDir } from '../../fixtures/temp';
import { wavBytes } from '../../fixtures/wav';

const mode = (path: string): number => statSync(path).mode & 0o777;

/** Every file and folder under `dir`, as paths relative to it. */
function everything(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe.skipIf(process.platform === 'win32')('data files are owner-only, and uploads leave no orphans', () => {
  const tmp = tempDir('cr-private-');
  const data = join(tmp.path, 'data');
  const dbPath = join(data, 'callrank.db');
  const stored = join(data, 'recordings', 'api');
  let serve: ServeChild;
  let token = '';
  const count = (sql: string): number => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db.prepare(sql).pluck().get() as number;
    } finally {
      db.close();
    }
  };
  const upload = (body: Uint8Array, query = ''): Promise<Response> =>
    fetch(`${serve.origin}/api/calls?filename=call.wav${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'audio/wav' },
      body: new Blob([new Uint8Array(body)]),
    });
  const rpc = (name: string, body: unknown): Promise<Response> =>
    fetch(`${serve.origin}/api/rpc/${name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const audio = wavBytes({ seconds: 0.5, frequencies: [440], tag: 7 });

  beforeAll(async () => {
    serve = await startServeChild(['--db', dbPath], { CALLRANK_SECRETS_KEY: 'a passphrase for the test' });
    token = serve.url.searchParams.get('token') ?? '';
    expect((await upload(audio, '&from=%2B14155550123&direction=inbound')).status).toBe(201);
  });
  afterAll(async () => {
    await serve.stop();
    tmp.cleanup();
  });

  it('an upload that is the same audio again, or not audio, leaves neither its file nor its sidecar', async () => {
    const kept = everything(stored);
    expect(kept).toEqual([expect.stringMatching(/-call\.json$/), expect.stringMatching(/-call\.wav$/)]);
    const again = await upload(audio, '&from=%2B14155550123');
    expect(again.status).toBe(200);
    expect(((await again.json()) as { duplicate: boolean }).duplicate).toBe(true);
    const junk = await upload(Buffer.from('this is not a recording at all, just text'), '&from=%2B14155550124');
    expect(junk.status).toBe(422);
    expect(((await junk.json()) as { error: string }).error).toMatch(/^the recording was not accepted: /);
    expect(everything(stored)).toEqual(kept);
    expect(count('SELECT count(*) FROM calls')).toBe(1);
    expect(count('SELECT count(*) FROM recording_files')).toBe(1);
    expect(count('SELECT count(*) FROM ingest_rejections')).toBe(0);
  });

  it('serve creates the database, WAL, settings, secrets, stored recordings and its tokens for its user alone', async () => {
    expect((await rpc('updateSettings', { defaultPhoneRegion: 'GB' })).status).toBe(200);
    expect((await rpc('setSecret', { name: 'openai.api_key', value: 'sk-test' })).status).toBe(200);
    const files = [
      dbPath,
      `${dbPath}-wal`,
      `${dbPath}-shm`,
      join(data, 'settings.json'),
      join(data, 'secrets.enc'),
      knownTokensPath(dbPath),
      ...everything(stored).map((f) => join(stored, f)),
    ];
    const folders = [data, join(data, 'recordings'), stored];
    const seen = (paths: string[]): [string, string][] => paths.map((p) => [relative(tmp.path, p), mode(p).toString(8)]);
    expect(seen(files)).toEqual(files.map((p) => [relative(tmp.path, p), '600']));
    expect(seen(folders)).toEqual(folders.map((p) => [relative(tmp.path, p), '700']));
  });

  it('the review sets and the queue index the CLI writes are owner-only too', () => {
    const set = join(tmp.path, 'out', 'review.crset');
    const db = new Database(dbPath, { readonly: true });
    const callId = db.prepare('SELECT call_id FROM calls').pluck().get() as string;
    db.close();
    expect(runCli(['review-set', 'export', '--calls', callId, '--out', set, '--db', dbPath]).code).toBe(0);
    expect(mode(set)).toBe(0o600);
    expect(mode(join(tmp.path, 'out'))).toBe(0o700);
    // An index stored by this (test) process, then rewritten by the CLI after a change of leads.
    const copy = join(tmp.path, 'copy', 'callrank.db');
    runCli(['status', '--db', copy]);
    const writer = openDatabase(copy);
    expect(new QueueView(writer, { store: storedIndexPath(copy) }).storeNow()).toBe(true);
    writer.close();
    const leads = join(tmp.path, 'leads.csv');
    writeFileSync(leads, 'lead_id,first_name\nP1,Pat\n');
    expect(runCli(['import', 'leads', leads, '--db', copy]).code).toBe(0);
    expect(mode(storedIndexPath(copy))).toBe(0o600);
  });

  it('a database an earlier version left readable by others is made owner-only when opened', () => {
    const old = join(tmp.path, 'old', 'callrank.db');
    openDatabase(old).close();
    chmodSync(old, 0o644);
    expect(runCli(['status', '--db', old]).code).toBe(0);
    expect(mode(old)).toBe(0o600);
  });
});
