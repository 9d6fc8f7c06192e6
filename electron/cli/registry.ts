import type { CliCommand } from './command';
import { ingestCommand } from './commands/ingest';
import { queueCommand } from './commands/queue';
import { runCommand } from './commands/run';
import { serveCommand } from './commands/serve';
import { statusCommand } from './commands/status';

export const commands: readonly CliCommand[] = [ingestCommand, runCommand, queueCommand, statusCommand, serveCommand];
