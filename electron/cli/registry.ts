import type { CliCommand } from './command';

/**
 * Each command loads only when it runs, so `ingest` does not pay for the server, the engines or
 * the OpenAI client. Add a command with one line: its name and its module.
 */
export const commandLoaders: Record<string, () => Promise<CliCommand>> = {
  ingest: async () => (await import('./commands/ingest')).ingestCommand,
  run: async () => (await import('./commands/run')).runCommand,
  queue: async () => (await import('./commands/queue')).queueCommand,
  status: async () => (await import('./commands/status')).statusCommand,
  serve: async () => (await import('./commands/serve')).serveCommand,
  transcribe: async () => (await import('./commands/transcribe')).transcribeCommand,
  models: async () => (await import('./commands/models')).modelsCommand,
  import: async () => (await import('./commands/import')).importCommand,
  model: async () => (await import('./commands/model')).modelCommand,
  rescore: async () => (await import('./commands/rescore')).rescoreCommand,
  sync: async () => (await import('./commands/sync')).syncCommand,
  crm: async () => (await import('./commands/crm')).crmCommand,
  conversions: async () => (await import('./commands/conversions')).conversionsCommand,
  'review-set': async () => (await import('./commands/review-set')).reviewSetCommand,
  backup: async () => (await import('./commands/backup')).backupCommand,
  restore: async () => (await import('./commands/restore')).restoreCommand,
  erase: async () => (await import('./commands/erase')).eraseCommand,
  retention: async () => (await import('./commands/retention')).retentionCommand,
};

export async function loadAllCommands(): Promise<CliCommand[]> {
  return Promise.all(Object.values(commandLoaders).map((load) => load()));
}
