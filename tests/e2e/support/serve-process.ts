import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../../..');
export const TSX = resolve(REPO, 'node_modules/.bin/tsx');

export interface RunningServe {
  url: string;
  origin: string;
  token: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface ServeOptions {
  timeoutMs?: number;
  /** Run the built CLI (out/main/cli.js, as shipped) instead of the sources through tsx. */
  built?: boolean;
  /** More flags for serve (e.g. --no-first-screen). */
  flags?: string[];
}

/** Starts `callrank serve` on a free port (port 0) and waits for the line that prints its URL. */
export function startServe(dbPath: string, token: string, options: ServeOptions = {}): Promise<RunningServe> {
  const { timeoutMs = 60_000, built = false, flags = [] } = options;
  const [command, entry] = built ? [process.execPath, 'out/main/cli.js'] : [TSX, 'electron/cli/main.ts'];
  const child = spawn(command, [entry, 'serve', '--db', dbPath, '--port', '0', ...flags], {
    cwd: REPO,
    env: { ...process.env, CALLRANK_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`serve did not start within ${timeoutMs} ms.\nstdout: ${out}\nstderr: ${err}`));
    }, timeoutMs);
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /CallRank is serving at (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const url = m[1] as string;
      done({
        url,
        origin: new URL(url).origin,
        token,
        child,
        stop: () =>
          new Promise<void>((stopped) => {
            if (child.exitCode !== null) return stopped();
            const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(kill);
              stopped();
            });
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code} before it printed its URL.\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}
