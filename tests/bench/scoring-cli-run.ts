/** Runs one of the scoring CLI commands in-process (before the dispatcher registers them): tsx tests/bench/scoring-cli-run.ts import leads f.csv --db x.db */
import { parseArgs, flagString } from '../../electron/cli/args';
import type { CliCommand } from '../../electron/cli/command';
import { importCommand } from '../../electron/cli/commands/import';
import { modelCommand } from '../../electron/cli/commands/model';
import { rescoreCommand } from '../../electron/cli/commands/rescore';

const commands: Record<string, CliCommand> = { import: importCommand, model: modelCommand, rescore: rescoreCommand };
const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write('usage: scoring-cli-run.ts import|model|rescore ...\n');
  process.exit(2);
}
const args = parseArgs(rest, new Set(['json']));
const code = await command.run({ args, io: { stdout: process.stdout, stderr: process.stderr }, dbPath: flagString(args, 'db') ?? 'callrank-dev.db' });
process.exitCode = code;
