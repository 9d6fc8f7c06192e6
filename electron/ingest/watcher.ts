import { watch, type FSWatcher } from 'chokidar';
import { existsSync, realpathSync, type Stats } from 'node:fs';
import type { Db } from '../db/open';
import { whyLinkNotFollowed, type SkippedEntry } from './folder-entries';
import { isRecordingPath, RECORDING_EXTENSIONS } from './formats';
import { ingestFile, type IngestOutcome } from './ingest-file';
import type { PhoneRegion } from './phone';
import { rememberRecordingFolder } from './recording-folders';

export interface WatcherOptions {
  /** How long a file's size must hold still before it counts as completely written. */
  stabilityMs?: number;
  onOutcome?: (outcome: IngestOutcome) => void;
  /** A link not followed (folder-entries.ts), as it is found. */
  onSkipped?: (entry: SkippedEntry) => void;
  /** A file-system or ingest error: said, and the watcher carries on. */
  onError?: (message: string) => void;
  onReady?: () => void;
  /** Asked per file, so a region changed in Settings applies to the next recording; default US. */
  phoneRegion?: () => PhoneRegion;
}

export interface WatchStatus {
  /** What the watcher leaves alone under the folder, and why. */
  skipped: SkippedEntry[];
  /** The last error the watcher met (it kept watching), or null. */
  error: string | null;
}

export interface RecordingsWatcher {
  close(): Promise<void>;
  /** Resolves once the start-up scan of files already in the folder is done. */
  ready: Promise<void>;
  status(): WatchStatus;
}

function recordingsForSidecar(sidecar: string): string[] {
  const stem = sidecar.slice(0, -'.json'.length);
  return RECORDING_EXTENSIONS.map((ext) => stem + ext).filter((p) => existsSync(p));
}

/**
 * Watches a folder recursively. The initial scan doubles as the start-up catch-up for files that
 * arrived while the app was closed; awaitWriteFinish keeps half-copied files out. Links are not
 * followed (a loop or a link out of the folder is listed in status(), never read), and an error
 * of the file system or of one file is reported, never thrown: the server it runs in stays up.
 */
export function watchRecordings(db: Db, folder: string, options: WatcherOptions = {}): RecordingsWatcher {
  const skipped = new Map<string, string>();
  let lastError: string | null = null;
  const fail = (message: string): void => {
    lastError = message;
    options.onError?.(message);
  };
  // The folder chosen may itself be a link (to a share, say): watched where it leads.
  let root = folder;
  try {
    root = realpathSync(folder);
    rememberRecordingFolder(db, root);
  } catch (err) {
    fail(`watching ${folder}: ${(err as Error).message}`);
  }
  let chain = Promise.resolve();
  // One file at a time: the watcher feeds a trickle, and serial ingest keeps duplicates trivially safe.
  const enqueue = (work: () => Promise<void>): void => {
    chain = chain.then(work).catch((err: unknown) => fail(`watching ${folder}: ${(err as Error).message}`));
  };
  const ingest = (path: string): void =>
    enqueue(async () => {
      const outcome = await ingestFile(db, path, { settleMs: 0, phoneRegion: options.phoneRegion?.() });
      options.onOutcome?.(outcome);
    });
  const skipLink = (path: string): void =>
    enqueue(async () => {
      const reason = await whyLinkNotFollowed(root, path);
      if (!reason) return;
      skipped.set(path, reason);
      options.onSkipped?.({ path, reason });
    });
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: false,
    persistent: true,
    followSymlinks: false,
    awaitWriteFinish: { stabilityThreshold: options.stabilityMs ?? 2000, pollInterval: 100 },
    ignored: (path, stats) => !!stats?.isFile() && !isRecordingPath(path) && !path.endsWith('.json'),
  });
  const onFile = (path: string, stats?: Stats): void => {
    if (stats?.isSymbolicLink()) skipLink(path);
    else if (isRecordingPath(path)) ingest(path);
    // A sidecar fixed or added after its recording: take the recording again if it was rejected.
    else if (path.endsWith('.json') && !path.endsWith('.transcript.json')) {
      for (const rec of recordingsForSidecar(path)) {
        if (db.prepare('SELECT 1 FROM ingest_rejections WHERE path = ?').get(rec)) ingest(rec);
      }
    }
  };
  watcher.on('add', onFile);
  watcher.on('change', onFile);
  watcher.on('unlink', (path) => skipped.delete(path));
  watcher.on('error', (err: unknown) => fail(`watching ${folder}: ${(err as Error).message}`));
  const ready = new Promise<void>((resolve) => {
    watcher.once('ready', () => {
      enqueue(async () => options.onReady?.());
      void chain.then(resolve);
    });
  });
  return {
    ready,
    status: () => ({
      skipped: [...skipped].map(([path, reason]) => ({ path, reason })).sort((a, b) => a.path.localeCompare(b.path)),
      error: lastError,
    }),
    async close() {
      await watcher.close();
      await chain;
    },
  };
}
