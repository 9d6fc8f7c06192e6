import { resolve } from 'node:path';
import { importModel, installModel, listModels, removeModel } from '../../transcription/models/model-store';
import { ModelError } from '../../transcription/models/download';
import { defaultModelsDir } from '../../transcription/paths';
import { flagString } from '../args';
import { EXIT_ITEMS_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';

const USAGE = 'models list|install <id>|import <id> <file-or-folder>|remove <id> [--models-dir PATH] [--json]';

async function list(io: CliIO, modelsDir: string, json: boolean): Promise<void> {
  const models = await listModels({ modelsDir });
  if (json) {
    const rows = models.map((m) => ({ ...m.entry, installed: m.installed !== undefined, installedAt: m.installed?.installedAt, dir: m.dir }));
    io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  io.stdout.write(`models in ${modelsDir} (the embedded engine needs none)\n`);
  for (const { entry, installed } of models) {
    io.stdout.write(`${installed ? '*' : ' '} ${entry.id.padEnd(22)} ~${String(entry.downloadMb).padStart(4)} MB  ${entry.licence}\n`);
    io.stdout.write(`    ${entry.accuracyNote}; ${entry.speedNote}\n`);
  }
  io.stdout.write('* = installed\n');
}

function progressPrinter(io: CliIO): (p: { receivedBytes: number; totalBytes: number | undefined }) => void {
  let lastTenth = -1;
  return ({ receivedBytes, totalBytes }) => {
    const mb = (receivedBytes / 1e6).toFixed(1);
    if (io.stdout.isTTY) {
      const pct = totalBytes ? ` ${Math.floor((receivedBytes / totalBytes) * 100)}%` : '';
      io.stderr.write(`\rdownloading ${mb} MB${totalBytes ? ` of ${(totalBytes / 1e6).toFixed(1)} MB` : ''}${pct}   `);
    } else if (totalBytes) {
      const tenth = Math.floor((receivedBytes / totalBytes) * 10);
      if (tenth !== lastTenth) io.stderr.write(`downloaded ${mb} MB (${tenth * 10}%)\n`);
      lastTenth = tenth;
    }
  };
}

export const modelsCommand: CliCommand = {
  name: 'models',
  usage: USAGE,
  summary: 'list, install (download with resume and checksum), import or remove local speech models',
  async run({ args, io }) {
    const [action, id, source] = args.positionals;
    const modelsDir = flagString(args, 'models-dir') ?? defaultModelsDir();
    const json = args.flags.get('json') === true;
    try {
      switch (action) {
        case 'list':
        case undefined:
          await list(io, modelsDir, json);
          return EXIT_OK;
        case 'install': {
          if (!id) throw new UsageError('models install needs a model id (see models list)');
          const dir = await installModel(id, {
            modelsDir,
            onProgress: progressPrinter(io),
            retry: { onWait: (w) => io.stderr.write(`\n  waiting ${(w.waitMs / 1000).toFixed(1)} s (attempt ${w.attempt}): ${w.detail}\n`) },
          });
          io.stdout.write(`${io.stdout.isTTY ? '\n' : ''}installed ${id} in ${dir}\n`);
          return EXIT_OK;
        }
        case 'import': {
          if (!id || !source) throw new UsageError('models import needs a model id and a file or folder: models import <id> <path>');
          const dir = await importModel(id, resolve(source), { modelsDir });
          io.stdout.write(`imported ${id} into ${dir}\n`);
          return EXIT_OK;
        }
        case 'remove': {
          if (!id) throw new UsageError('models remove needs a model id');
          const removed = await removeModel(id, { modelsDir });
          io.stdout.write(removed ? `removed ${id}\n` : `${id} was not installed\n`);
          return EXIT_OK;
        }
        default:
          throw new UsageError(`unknown models action "${action}"`);
      }
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT_ITEMS_FAILED;
    }
  },
};
