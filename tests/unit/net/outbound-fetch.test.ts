import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { bindCredentials } from '../../../electron/net/destinations';
import { OutboundError, outboundFetch, reasonOf } from '../../../electron/net/outbound-fetch';
import { watchProcessFaults } from '../../fixtures/process-faults';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; closed: Promise<void> }> {
  let closedOne: () => void = () => undefined;
  const closed = new Promise<void>((r) => (closedOne = r));
  const server = createServer(handler);
  server.on('connection', (s: Socket) => s.on('close', () => closedOne()));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, closed };
}

describe('outboundFetch', () => {
  it('refuses an answer that announces more than the cap, before reading it', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': 5_000_000 });
      res.write(Buffer.alloc(1000));
    });
    await expect(outboundFetch(url, { limits: { maxBytes: 1_000_000 } })).rejects.toThrow(/announces 4\.8 MiB, more than the 976\.6 KiB allowed; refused/);
  });

  it('decodes gzip, and counts the decoded bytes against the cap (a small bomb is refused)', async () => {
    const text = JSON.stringify({ ok: true });
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    const { url } = await serve((req, res) => {
      const body = req.url === '/bomb' ? bomb : gzipSync(text);
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': body.length }).end(body);
    });
    expect(await (await outboundFetch(`${url}/ok`)).text()).toBe(text);
    expect(bomb.length).toBeLessThan(100_000);
    await expect((await outboundFetch(`${url}/bomb`, { limits: { maxBytes: 8 * 1024 * 1024 } })).text()).rejects.toThrow(/is larger than 8\.0 MiB; refused/);
  });

  it('sends bound credentials in place of any same-named header a caller (an SDK) set', async () => {
    const seen: (string | undefined)[] = [];
    const { url } = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.end('{}');
    });
    const auth = bindCredentials('openai', url, { authorization: 'Bearer bound' });
    await (await outboundFetch(`${url}/v1/x`, { auth, headers: { Authorization: 'Bearer from-the-sdk' } })).text();
    expect(seen).toEqual(['Bearer bound']);
  });

  it('follows a redirect to another origin without the credentials or any authorization and cookie headers', async () => {
    const seen: { authorization?: string; cookie?: string; 'x-keep'?: string }[] = [];
    const storage = await serve((req, res) => {
      seen.push({ authorization: req.headers.authorization, cookie: req.headers.cookie, 'x-keep': req.headers['x-keep'] as string });
      res.end('media');
    });
    const api = await serve((_req, res) => res.writeHead(302, { location: `${storage.url}/signed?sig=1` }).end());
    const auth = bindCredentials('twilio', api.url, { authorization: 'Basic secret' });
    const res = await outboundFetch(`${api.url}/Recordings/RE1.wav`, {
      auth,
      crossOriginRedirects: 'follow-without-credentials',
      headers: { cookie: 'a=b', 'x-keep': 'yes' },
    });
    expect(await res.text()).toBe('media');
    expect(seen).toEqual([{ authorization: undefined, cookie: undefined, 'x-keep': 'yes' }]);
  });

  it('rejects with AbortError when the caller aborts, before the answer and while reading it', async () => {
    const { url } = await serve((req, res) => {
      if (req.url === '/body') {
        res.writeHead(200, { 'content-length': 10 });
        res.write('12345');
      }
    });
    const early = new AbortController();
    const pending = outboundFetch(`${url}/never`, { signal: early.signal });
    early.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const late = new AbortController();
    const res = await outboundFetch(`${url}/body`, { signal: late.signal });
    const reading = res.text();
    late.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a status that is not a final answer is a protocol error in words', async () => {
    const { url } = await serve((req) => req.socket.end('HTTP/1.1 600 Odd\r\ncontent-length: 0\r\n\r\n'));
    await expect(outboundFetch(url)).rejects.toThrow(/answered with HTTP status 600, which is not a final answer/);
  });

  it('an answer nobody reads ends at its deadline without an unhandled error', async () => {
    const faults = watchProcessFaults();
    try {
      const { url, closed } = await serve((_req, res) => {
        res.writeHead(200, { 'content-length': 100 });
        res.write('x');
      });
      await outboundFetch(url, { limits: { deadlineMs: 200 } }); // its body is left unread
      await closed; // the client hung up when the deadline passed
    } finally {
      faults.stop();
    }
    expect(faults.faults).toEqual([]);
  });

  it('shows the innermost reason in our words when a library wrapped it', () => {
    const inner = new OutboundError('network', 'the connection to 127.0.0.1:1 closed after 5 bytes of 10 bytes received');
    expect(reasonOf(new Error('Connection error.', { cause: new Error('fetch failed', { cause: inner }) }))).toBe(inner.message);
    expect(reasonOf(new Error('plain'))).toBe('plain');
  });
});
