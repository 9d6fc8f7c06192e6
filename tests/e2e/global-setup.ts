import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, TSX, startServe } from './support/serve-process';
import { SERVER_INFO, type ServerInfo } from './support/server-info';

/**
 * Builds nothing: it checks the renderer was built, seeds a real SQLite database with the fixture
 * script, starts `serve` on it with a known token, and returns the teardown that stops it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(REPO, 'out/renderer/index.html'))) {
    throw new Error('out/renderer is missing: run `npx electron-vite build` before the end-to-end tests.');
  }
  const dir = join(REPO, '.cache/e2e');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const seeded = spawnSync(TSX, ['tests/fixtures/seed-ui.ts', join(dir, 'ui.db')], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`seeding the e2e database failed:\n${seeded.stderr}`);
  const seed = JSON.parse(seeded.stdout.trim().split('\n').pop() as string) as ServerInfo['seed'];
  const token = randomBytes(16).toString('hex');
  // serve keeps API keys in an AES-GCM file beside the database, keyed by this passphrase.
  process.env.CALLRANK_SECRETS_KEY ??= randomBytes(16).toString('hex');
  const serve = await startServe(seed.dbPath, token);
  const info: ServerInfo = { url: serve.url, origin: serve.origin, token, seed };
  writeFileSync(SERVER_INFO, JSON.stringify(info, null, 2));
  return async () => {
    await serve.stop();
  };
}
