import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeChild, type ServeChild } from '../../fixtures/servers/serve-child';
import { tempDir } from '../../fixtures/temp';

/**
 * Another page on this machine (any port of 127.0.0.1 is the same site to a browser, so the
 * page's cookie goes along) must not change anything through serve's API; the app's own page and
 * tools holding the token must keep working.
 */
describe('serve refuses cross-site writes, and keeps its cookie to its own port', () => {
  const tmp = tempDir('cr-cross-site-');
  const dbPath = join(tmp.path, 'callrank.db');
  let serve: ServeChild;
  let token = '';
  let cookie = '';
  let own = '';
  const leadIds = (): string[] => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db.prepare('SELECT lead_id FROM leads ORDER BY lead_id').pluck().all() as string[];
    } finally {
      db.close();
    }
  };
  const lead = (id: string): string => JSON.stringify({ lead_id: id, first_name: 'Ann', phone_number: '+1 415 555 0' + id.slice(-3) });

  beforeAll(async () => {
    serve = await startServeChild(['--db', dbPath], {});
    token = serve.url.searchParams.get('token') ?? '';
    own = serve.origin;
    cookie = ((await fetch(`${own}/?token=${token}`)).headers.get('set-cookie') ?? '').split(';')[0] as string;
  });
  afterAll(async () => {
    await serve.stop();
    tmp.cleanup();
  });

  it('names the cookie for its port', () => {
    expect(cookie).toBe(`callrank_token_${serve.url.port}=${token}`);
  });

  it('lets no other page frame the app, where a click would be the user\'s', async () => {
    for (const path of [`/?token=${token}`, '/index.html', '/no-such-view']) {
      const csp = (await fetch(`${own}${path}`, { headers: { cookie } })).headers.get('content-security-policy') ?? '';
      expect(csp.split('; ')).toContain("frame-ancestors 'none'");
    }
  });

  it('refuses a text/plain POST with the cookie from a page of another port, and stores nothing', async () => {
    const res = await fetch(`${own}/api/leads`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain', origin: 'http://127.0.0.1:9999' },
      body: lead('X100'),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toBe(
      `refused: a page from http://127.0.0.1:9999 may not change anything here, only this server's own page (${own}) may`,
    );
    expect(leadIds()).not.toContain('X100');
  });

  it('refuses what the browser marks as from another site, even without an Origin, for reads too', async () => {
    for (const site of ['same-site', 'cross-site']) {
      const write = await fetch(`${own}/api/rpc/updateSettings`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'sec-fetch-site': site },
        body: JSON.stringify({ openaiEnabled: true }),
      });
      expect(write.status).toBe(403);
      expect(((await write.json()) as { error: string }).error).toBe(
        `refused: a page of another site (Sec-Fetch-Site: ${site}) may not use this server's API`,
      );
      const read = await fetch(`${own}/api/leads`, { headers: { cookie, 'sec-fetch-site': site } });
      expect(read.status).toBe(403);
    }
    const settings = await fetch(`${own}/api/rpc/getSettings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await settings.json()) as { settings: { openaiEnabled: boolean } }).settings.openaiEnabled).toBe(false);
  });

  it('wants JSON bodies said to be JSON, even from its own page', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await fetch(`${own}/api/leads`, {
        method: 'POST',
        headers: { cookie, 'content-type': type, origin: own, 'sec-fetch-site': 'same-origin' },
        body: lead('X101'),
      });
      expect(res.status).toBe(415);
      expect(((await res.json()) as { error: string }).error).toBe(
        `send the body as JSON with Content-Type: application/json (got ${type})`,
      );
    }
    expect(leadIds()).not.toContain('X101');
  });

  it("reads only its own port's cookie", async () => {
    const other = `callrank_token_9999=${token}`;
    expect((await fetch(`${own}/api/status`, { headers: { cookie: other } })).status).toBe(401);
    expect((await fetch(`${own}/api/status`, { headers: { cookie: `callrank_token=${token}` } })).status).toBe(401);
    expect((await fetch(`${own}/api/status`, { headers: { cookie } })).status).toBe(200);
  });

  it("keeps working for its own page (same origin, JSON) and for tools with the token header", async () => {
    const page = await fetch(`${own}/api/leads`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: own, 'sec-fetch-site': 'same-origin' },
      body: lead('X102'),
    });
    expect(page.status).toBe(201);
    const localhost = await fetch(`${own}/api/leads`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json; charset=utf-8', origin: `http://localhost:${serve.url.port}` },
      body: lead('X103'),
    });
    expect(localhost.status).toBe(201);
    const tool = await fetch(`${own}/api/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: lead('X104'),
    });
    expect(tool.status).toBe(201);
    expect(leadIds()).toEqual(expect.arrayContaining(['X102', 'X103', 'X104']));
  });

  it('answers a malformed cookie or address with 400, not 500', async () => {
    const badCookie = await fetch(`${own}/api/status`, { headers: { cookie: `callrank_token_${serve.url.port}=%zz` } });
    expect(badCookie.status).toBe(400);
    expect(((await badCookie.json()) as { error: string }).error).toBe(
      `malformed cookie callrank_token_${serve.url.port}: a % must be followed by two hex digits`,
    );
    const auth = { authorization: `Bearer ${token}` };
    for (const [path, what] of [
      ['/api/calls/%zz/audio', 'call id in the address'],
      ['/api/leads/%zz', 'lead id in the address'],
    ]) {
      const res = await fetch(`${own}${path}`, { headers: auth });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe(`malformed ${what}: a % must be followed by two hex digits`);
    }
    expect((await fetch(`${own}/%zz`)).status).toBe(400);
  });
});
