import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  KEPT_TOKENS,
  KEPT_TOKEN_DAYS,
  KnownTokens,
  knownTokensPath,
} from '../../../electron/server/known-tokens';
import { runCli } from '../../fixtures/cli';
import { makeRecordingsFolder } from '../../fixtures/recordings-folder';
import { serveOnce } from '../../fixtures/servers/serve-once';
import { tempDir } from '../../fixtures/temp';

const cookieOf = async (origin: string, token: string): Promise<string> =>
  ((await fetch(`${origin}/?token=${token}`)).headers.get('set-cookie') ?? '').split(';')[0] as string;

describe('serve: a page opened before a restart', () => {
  const tmp = tempDir('cr-serve-token-');
  const db = join(tmp.path, 'callrank.db');
  makeRecordingsFolder(join(tmp.path, 'rec'), 2);
  runCli(['ingest', join(tmp.path, 'rec'), '--db', db]);
  afterAll(() => tmp.cleanup());

  it('still reaches the API with its cookie, while a made-up token does not; only hashes are written', async () => {
    let cookie = '';
    let setCookie = '';
    const first = await serveOnce(['--db', db], {}, async (s) => {
      setCookie = (await fetch(`${s.origin}/?token=${s.token}`)).headers.get('set-cookie') ?? '';
      cookie = setCookie.split(';')[0] as string;
    });
    // Kept by the browser across its own restarts, for as long as serve accepts the token.
    expect(setCookie).toContain(`Max-Age=${KEPT_TOKEN_DAYS * 86_400}`);
    // Started again on the same port, as serve does by default: the page's cookie is that port's.
    const second = await serveOnce(['--db', db], {}, async (s) => {
      expect(s.token).not.toBe(first.token);
      expect((await fetch(`${s.origin}/api/status`, { headers: { cookie } })).status).toBe(200);
      // The address bookmarked with the first token opens the app and sets its cookie again.
      expect(await cookieOf(s.origin, first.token)).toBe(`callrank_token_${s.port}=${first.token}`);
      const madeUp = `callrank_token_${s.port}=${'0'.repeat(48)}`;
      expect((await fetch(`${s.origin}/api/status`, { headers: { cookie: madeUp } })).status).toBe(401);
      expect(await cookieOf(s.origin, '0'.repeat(48))).toBe('');
    }, first.port);
    expect(second.stderr).not.toContain('note:');
    const file = readFileSync(knownTokensPath(db), 'utf8');
    expect(file).not.toContain(first.token);
    expect(file).not.toContain(second.token);
    expect((JSON.parse(file) as { tokens: unknown[] }).tokens).toHaveLength(2);
    if (process.platform !== 'win32') expect(statSync(knownTokensPath(db)).mode & 0o777).toBe(0o600);
  });

  it('starts a damaged list again with a note, and still serves', async () => {
    writeFileSync(knownTokensPath(db), '{"v":1,"tokens":', 'utf8');
    const started = await serveOnce(['--db', db], {}, async (s) => {
      expect(
        (await fetch(`${s.origin}/api/status`, { headers: { authorization: `Bearer ${s.token}` } })).status,
      ).toBe(200);
    });
    expect(started.stderr).toContain(`note: ${knownTokensPath(db)} was damaged and is started again`);
    expect(
      (JSON.parse(readFileSync(knownTokensPath(db), 'utf8')) as { tokens: unknown[] }).tokens,
    ).toHaveLength(1);
  });

  it('with CALLRANK_TOKEN set, uses it and keeps no list', async () => {
    const other = join(tmp.path, 'other.db');
    runCli(['ingest', join(tmp.path, 'rec'), '--db', other]);
    const given = 'ab'.repeat(24);
    expect((await serveOnce(['--db', other], { CALLRANK_TOKEN: given })).token).toBe(given);
    expect(() => statSync(knownTokensPath(other))).toThrow(/ENOENT/);
  });
});

describe('KnownTokens', () => {
  const tmp = tempDir('cr-known-tokens-');
  afterAll(() => tmp.cleanup());
  const day = 86_400_000;

  it(`forgets tokens older than ${KEPT_TOKEN_DAYS} days and keeps the newest ${KEPT_TOKENS}`, () => {
    const path = join(tmp.path, 'a.serve-tokens');
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const { known } = KnownTokens.open(path, t0);
    known.issue('old', t0);
    const later = t0 + (KEPT_TOKEN_DAYS + 1) * day;
    const reopened = KnownTokens.open(path, later).known;
    expect(reopened.accepts('old')).toBe(false);
    for (let i = 0; i < KEPT_TOKENS + 5; i++) reopened.issue(`t${i}`, later + i);
    const last = KnownTokens.open(path, later + day).known;
    expect(last.accepts(`t${KEPT_TOKENS + 4}`)).toBe(true);
    expect(last.accepts('t5')).toBe(true);
    expect(last.accepts('t4')).toBe(false);
  });

  it('keeps the tokens of two serves started at once, and a list others could read is made owner-only', () => {
    const path = join(tmp.path, 'b.serve-tokens');
    writeFileSync(path, '{"v":1,"tokens":[]}\n', { mode: 0o644 });
    const a = KnownTokens.open(path).known;
    const b = KnownTokens.open(path).known;
    expect(a.issue('first')).toBeUndefined();
    expect(b.issue('second')).toBeUndefined();
    const after = KnownTokens.open(path).known;
    expect(after.accepts('first') && after.accepts('second')).toBe(true);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('says so when it cannot write the list', () => {
    // A folder that is a file: no one, root included, can write beneath it.
    const notAFolder = join(tmp.path, 'not-a-folder');
    writeFileSync(notAFolder, '');
    expect(KnownTokens.open(join(notAFolder, 'x.db.serve-tokens')).known.issue('y')).toMatch(
      /^could not write .*x\.db\.serve-tokens \(ENOTDIR.*must be opened again from the printed address$/,
    );
  });
});
