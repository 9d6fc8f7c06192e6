import { watch, type FSWatcher } from 'chokidar';
import { existsSync } from 'node:fs';
import type { Db } from '../db/open';
import { isRecordingPath, RECORDING_EXTENSIONS } from './formats';
import { ingestFile, type IngestOutcome } from './ingest-file';
import type { PhoneRegion } from './phone';

export interface WatcherOptions {
  /** How long a file's size must hold still before it counts as completely written. */
  stabilityMs?: number;
  onOutcome?: (outcome: IngestOutcome) => void;
  onReady?: () => void;
  /** Asked per file, so a region changed in Settings applies to the next recording; default US. */
  phoneRegion?: () => PhoneRegion;
}

export interface RecordingsWatcher {
  close(): Promise<void>;
  /** Resolves once the start-up scan of files already in the folder is done. */
  ready: Promise<void>;
}

function recordingsForSidecar(sidecar: string): string[] {
  const stem = sidecar.slice(0, -'.json'.length);
  return RECORDING_EXTENSIONS.map((ext) => stem + ext).filter((p) => existsSync(p));
}

/**
 * Watches a folder recursively. The initial scan doubles as the start-up catch-up for files that
 * arrived while the app was closed; awaitWriteFinish keeps half-copied files out.
 */
export function watchRecordings(db: Db, folder: string, options: WatcherOptions = {}): RecordingsWatcher {
  let chain = Promise.resolve();
  // One file at a time: the watcher feeds a trickle, and serial ingest keeps duplicates trivially safe.
  const enqueue = (path: string): void => {
    chain = chain.then(async () => {
      const outcome = await ingestFile(db, path, { settleMs: 0, phoneRegion: options.phoneRegion?.() });
      options.onOutcome?.(outcome);
    });
  };
  const watcher: FSWatcher = watch(folder, {
    ignoreInitial: false,
    persistent: true,
    awaitWriteFinish: { stabilityThreshold: options.stabilityMs ?? 2000, pollInterval: 100 },
    ignored: (path, stats) => !!stats?.isFile() && !isRecordingPath(path) && !path.endsWith('.json'),
  });
  const onFile = (path: string): void => {
    if (isRecordingPath(path)) enqueue(path);
    // A sidecar fixed or added after its recording: take the recording again if it was rejected.
    else if (path.endsWith('.json') && !path.endsWith('.transcript.json')) {
      for (const rec of recordingsForSidecar(path)) {
        if (db.prepare('SELECT 1 FROM ingest_rejections WHERE path = ?').get(rec)) enqueue(rec);
      }
    }
  };
  watcher.on('add', onFile);
  watcher.on('change', onFile);
  const ready = new Promise<void>((resolve) => {
    watcher.once('ready', () => {
      chain = chain.then(() => options.onReady?.());
      void chain.then(resolve);
    });
  });
  return {
    ready,
    async close() {
      await watcher.close();
      await chain;
    },
  };
}
