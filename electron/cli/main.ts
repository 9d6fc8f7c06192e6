import { defaultDbPath } from '../db/data-dir';
import { parseArgs, flagString } from './args';
import { EXIT_USAGE, UsageError, type CliCommand, type CliIO } from './command';
import { commandLoaders, loadAllCommands } from './registry';
import { existsSync } from 'node:fs';
import { storedIndexPath } from '../queue/stored-index';
import { keepNewFilesPrivate } from '../db/private-files';

const BOOLEAN_FLAGS = new Set(['json', 'dry-run', 'help', 'no-first-screen', 'progress', 'yes']);

function usage(list: readonly CliCommand[]): string {
  const lines = list.map((c) => `  ${c.usage.padEnd(52)} ${c.summary}`);
  return `usage: npm run --silent cli -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nEvery command takes --db PATH (or the CALLRANK_DB environment variable).\n`;
}

async function keepQueueIndexCurrent(dbPath: string, io: CliIO): Promise<void> {
  // Most runs touch a database the app never opened: no index file, nothing to load or do.
  if (!existsSync(storedIndexPath(dbPath))) return;
  try {
    const { refreshStoredQueueIndex } = await import('../queue/refresh-stored-index');
    refreshStoredQueueIndex(dbPath);
  } catch (err) {
    // The command's own outcome stands; the app builds the index at its next start instead.
    io.stderr.write(`note: the queue index beside the database was not updated: ${(err as Error).message}\n`);
  }
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const load = name && Object.hasOwn(commandLoaders, name) ? commandLoaders[name] : undefined;
  if (!load) {
    const wantsHelp = name === '--help' || name === 'help';
    if (name && !wantsHelp) io.stderr.write(`unknown command: ${name}\n\n`);
    (wantsHelp ? io.stdout : io.stderr).write(usage(await loadAllCommands()));
    return wantsHelp ? 0 : EXIT_USAGE;
  }
  const command = await load();
  try {
    const args = parseArgs(rest, BOOLEAN_FLAGS);
    if (args.flags.get('help') === true) {
      io.stdout.write(`usage: ${command.usage}\n${command.summary}\n`);
      return 0;
    }
    const dbPath = flagString(args, 'db') ?? process.env.CALLRANK_DB ?? defaultDbPath();
    const code = await command.run({ args, io, dbPath });
    // serve keeps its own index current; any other command may have changed what the queue shows.
    if (code === 0 && name !== 'serve') await keepQueueIndexCurrent(dbPath, io);
    return code;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${err.message}\nusage: ${command.usage}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`error: ${(err as Error).message}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '');
if (isEntry) {
  keepNewFilesPrivate();
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`fatal: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
