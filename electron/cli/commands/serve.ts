import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corePhoneRegion } from '../../core/settings/phone-region';
import { startCore } from '../../core/start-core';
import { startServer } from '../../server/http-server';
import { flagInt, flagString } from '../args';
import { EXIT_OK, type CliCommand } from '../command';

// electron/cli/commands/serve.ts from source, out/main/cli.js (or a chunk beside it) when built.
const repoRoot = resolve(fileURLToPath(import.meta.url), import.meta.url.endsWith('.ts') ? '../../../..' : '../../..');

export const serveCommand: CliCommand = {
  name: 'serve',
  usage: 'serve [--port N] [--watch FOLDER] [--db PATH]',
  summary: 'headless server on 127.0.0.1: the app in a browser and the API under /api/, behind a token',
  async run({ args, io, dbPath }) {
    const watch = flagString(args, 'watch');
    const core = startCore({ dbPath, runJobs: !!watch, watchFolder: watch ? resolve(watch) : undefined });
    const server = await startServer({
      ctx: core.ctx,
      api: core.api,
      port: flagInt(args, 'port', 0) ?? 0,
      token: process.env.CALLRANK_TOKEN,
      staticDir: resolve(process.env.CALLRANK_RENDERER_DIR ?? resolve(repoRoot, 'out/renderer')),
      extraRoutes: (await import('../../rest/rest-routes')).restRoutes(core.ctx, dbPath),
    });
    io.stdout.write(`CallRank is serving at ${server.url}\n`);
    if (watch)
      (await import('../../sync/sync-scheduler')).startSyncScheduler(dbPath, io, () => corePhoneRegion(core.ctx));
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
