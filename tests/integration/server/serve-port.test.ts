import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_PORT,
  DEFAULT_PORT_TRIES,
  PortInUseError,
  listenOnFirstFree,
} from '../../../electron/server/listen';
import { runCli } from '../../fixtures/cli';
import { makeRecordingsFolder } from '../../fixtures/recordings-folder';
import { runCliAsync } from '../../fixtures/servers/run-cli-async';
import { serveOnce } from '../../fixtures/servers/serve-once';
import { tempDir } from '../../fixtures/temp';

const HOST = '127.0.0.1';
const open: Server[] = [];

function server(): Server {
  const s = createServer((_, res) => res.end('ok'));
  open.push(s);
  return s;
}

/** A port something else is listening on, as another program holding it would be. */
async function takenPort(): Promise<number> {
  return listenOnFirstFree(server(), HOST, 0);
}

afterEach(async () => {
  await Promise.all(
    open.splice(0).map((s) => new Promise((done) => (s.listening ? s.close(done) : done(null)))),
  );
});

describe('listenOnFirstFree', () => {
  it('takes the port asked for when it is free, and any free port for 0', async () => {
    const any = await listenOnFirstFree(server(), HOST, 0);
    expect(any).toBeGreaterThan(0);
    const s = server();
    await new Promise((done) => open[0]?.close(done));
    expect(await listenOnFirstFree(s, HOST, any)).toBe(any);
    expect(await (await fetch(`http://${HOST}:${any}/`)).text()).toBe('ok');
  });

  it('moves on to the next port when the one asked for is taken, within the tries', async () => {
    const taken = await takenPort();
    const got = await listenOnFirstFree(server(), HOST, taken, 5);
    expect(got).toBeGreaterThan(taken);
    expect(got).toBeLessThanOrEqual(taken + 4);
    expect(await (await fetch(`http://${HOST}:${got}/`)).text()).toBe('ok');
  });

  it('says which port is taken when it may not move on, and the server can still listen afterwards', async () => {
    const taken = await takenPort();
    const s = server();
    const err = await listenOnFirstFree(s, HOST, taken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortInUseError);
    expect((err as Error).message).toBe(`port ${taken} on ${HOST} is in use`);
    expect(await listenOnFirstFree(s, HOST, 0)).toBeGreaterThan(0);
  });
});

describe('serve: which port', () => {
  const tmp = tempDir('cr-serve-port-');
  const db = join(tmp.path, 'callrank.db');
  makeRecordingsFolder(join(tmp.path, 'rec'), 2);
  runCli(['ingest', join(tmp.path, 'rec'), '--db', db]);
  afterAll(() => tmp.cleanup());

  it('refuses a taken --port with a clear error, and leaves the database as it was', async () => {
    const before = runCli(['status', '--json', '--db', db]).stdout;
    const taken = await takenPort();
    const r = await runCliAsync(['serve', '--port', String(taken), '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`port ${taken} on 127.0.0.1 is in use`);
    expect(r.stderr).toContain('--port 0 takes any free port');
    expect(r.stdout).not.toContain('serving at');
    expect(runCli(['status', '--json', '--db', db]).stdout).toBe(before);
  });

  it('refuses a port number that cannot exist', async () => {
    const r = await runCliAsync(['serve', '--port', '70000', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port must be 65535 or less, got 70000');
  });

  it('listens on the same default port at every start unless told, so the browser keeps its settings', async () => {
    const ports: number[] = [];
    for (let start = 0; start < 2; start++) {
      const { port, stdout: out } = await serveOnce(['--db', db], {}, undefined, null);
      // Another program on this machine may hold the default port: then serve says so and takes a near one.
      if (port !== DEFAULT_PORT)
        expect(out).toContain(`note: port ${DEFAULT_PORT} is taken, so this server is on ${port}`);
      expect(port).toBeGreaterThanOrEqual(DEFAULT_PORT);
      expect(port).toBeLessThan(DEFAULT_PORT + DEFAULT_PORT_TRIES);
      ports.push(port);
    }
    expect(ports[1]).toBe(ports[0]);
  });
});
