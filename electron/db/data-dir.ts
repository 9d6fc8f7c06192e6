import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the CLI keeps its database when neither --db nor CALLRANK_DB is given. The desktop app
 * passes Electron's userData instead; this mirrors its location per OS so both find the same data.
 */
export function defaultDataDir(): string {
  const home = homedir();
  switch (process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'CallRank');
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'CallRank');
    default:
      return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'CallRank');
  }
}

export function defaultDbPath(): string {
  return join(defaultDataDir(), 'callrank.db');
}
