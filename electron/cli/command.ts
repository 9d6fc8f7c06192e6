import type { Writable } from 'node:stream';

/** Parsed command line: positionals after the command name, and --flags (a bare flag is true). */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
}

export interface CliContext {
  args: ParsedArgs;
  io: CliIO;
  /** Database path from --db, CALLRANK_DB or the default data directory. */
  dbPath: string;
}

/** Exit codes: 0 success, 1 some items failed (listed), 2 bad usage. */
export const EXIT_OK = 0;
export const EXIT_ITEMS_FAILED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export interface CliCommand {
  /** e.g. "ingest", or "models" for a command with sub-commands read from positionals. */
  name: string;
  usage: string;
  summary: string;
  run(ctx: CliContext): Promise<number>;
}
