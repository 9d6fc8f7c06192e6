import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCore } from '../../core/start-core';
import { firstScreenFor } from '../../server/first-screen';
import { startServer, type RunningServer } from '../../server/http-server';
import { KnownTokens, knownTokensPath } from '../../server/known-tokens';
import { newToken } from '../../server/token';
import { DEFAULT_PORT, DEFAULT_PORT_TRIES, PortInUseError } from '../../server/listen';
import { flagBool, flagInt, flagString } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../command';

// electron/cli/commands/serve.ts from source, out/main/cli.js (or a chunk beside it) when built.
const repoRoot = resolve(fileURLToPath(import.meta.url), import.meta.url.endsWith('.ts') ? '../../../..' : '../../..');

export const serveCommand: CliCommand = {
  name: 'serve',
  usage: 'serve [--port N (default 5417; 0 = any free port)] [--watch FOLDER] [--no-first-screen] [--db PATH]',
  summary: 'headless server on 127.0.0.1: the app in a browser and the API under /api/, behind a token',
  async run({ args, io, dbPath }) {
    const watch = flagString(args, 'watch');
    const askedPort = flagInt(args, 'port', 0);
    if (askedPort !== undefined && askedPort > 65535)
      throw new UsageError(`--port must be 65535 or less, got ${askedPort}`);
    const core = startCore({
      dbPath,
      runJobs: !!watch,
      watchFolder: watch ? resolve(watch) : undefined,
      onWatcherNote: (line) => io.stdout.write(`watcher: ${line}\n`),
      onConnectorRun: (r) =>
        io.stdout.write(
          `${r.trigger === 'schedule' ? 'scheduled ' : ''}${r.action} ${r.connector}${r.ok ? '' : ' (with errors)'}:\n${r.lines.map((l) => `  ${l}`).join('\n')}\n`,
        ),
    });
    // A fixed CALLRANK_TOKEN never changes; otherwise each start's token is new, and the tokens of
    // earlier starts are remembered (as hashes) so pages opened with them keep working.
    const fixedToken = process.env.CALLRANK_TOKEN;
    const token = fixedToken ?? newToken();
    let known: KnownTokens | null = null;
    if (!fixedToken) {
      const opened = KnownTokens.open(knownTokensPath(dbPath));
      known = opened.known;
      for (const note of [opened.note, known.issue(token)]) if (note) io.stderr.write(`note: ${note}\n`);
    }
    const staticDir = resolve(process.env.CALLRANK_RENDERER_DIR ?? resolve(repoRoot, 'out/renderer'));
    // Loaded while the server starts listening (React's server renderer is some 50 ms to load).
    // --no-first-screen leaves the queue to the page (the benchmark's baseline).
    const firstScreen = flagBool(args, 'no-first-screen')
      ? undefined
      : firstScreenFor(staticDir, core.api, (why) =>
          io.stderr.write(`note: the queue's first screen is drawn by the page, not the server: ${why}\n`),
        );
    let server: RunningServer;
    try {
      server = await startServer({
        ctx: core.ctx,
        api: core.api,
        port: askedPort ?? DEFAULT_PORT,
        portTries: askedPort === undefined ? DEFAULT_PORT_TRIES : 1,
        token,
        alsoAccepts: known ? (given) => known.accepts(given) : undefined,
        staticDir,
        firstScreen,
        extraRoutes: (await import('../../rest/rest-routes')).restRoutes(core.ctx, dbPath),
      });
    } catch (err) {
      await core.close();
      if (!(err instanceof PortInUseError)) throw err;
      throw new Error(
        askedPort === undefined
          ? `${err.message} (other CallRank servers?): stop one, or pass --port N (--port 0 takes any free port)`
          : `${err.message} (another CallRank server?): stop it, or pass another --port (--port 0 takes any free port)`,
      );
    }
    if (askedPort === undefined && server.port !== DEFAULT_PORT)
      io.stdout.write(
        `note: port ${DEFAULT_PORT} is taken, so this server is on ${server.port}: the browser keeps this app's settings (theme, reviewer name) per port, so the ones set on ${DEFAULT_PORT} do not show here\n`,
      );
    io.stdout.write(`CallRank is serving at ${server.url}\n`);
    await new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.close().then(() => core.close()).then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return EXIT_OK;
  },
};
