import { defaultDbPath } from '../db/data-dir';
import { parseArgs, flagString } from './args';
import { EXIT_USAGE, UsageError, type CliCommand, type CliIO } from './command';
import { commandLoaders, loadAllCommands } from './registry';

const BOOLEAN_FLAGS = new Set(['json', 'dry-run', 'help']);

function usage(list: readonly CliCommand[]): string {
  const lines = list.map((c) => `  ${c.usage.padEnd(52)} ${c.summary}`);
  return `usage: npm run --silent cli -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nEvery command takes --db PATH (or the CALLRANK_DB environment variable).\n`;
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
    return await command.run({ args, io, dbPath });
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
