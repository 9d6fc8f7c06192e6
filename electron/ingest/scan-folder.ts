import { stat } from 'node:fs/promises';
import type { Db } from '../db/open';
import { listFolder, type SkippedEntry } from './folder-entries';
import { rememberRecordingFolder } from './recording-folders';
import {
  commitRecording,
  inspectFile,
  recordPending,
  type IngestOptions,
  type IngestOutcome,
} from './ingest-file';
import type { NewRecording } from './record-call';

const BATCH = 200;

export interface ScanSummary {
  found: number;
  outcomes: IngestOutcome[];
  /** Links not followed and folders that could not be read (folder-entries.ts). */
  skipped: SkippedEntry[];
}

/**
 * Ingests every recording under a folder. Files are read a few at a time: hashing and
 * metadata are I/O bound, while the database writes stay on this one connection.
 */
export async function scanFolder(
  db: Db,
  folder: string,
  options: IngestOptions & { concurrency?: number; onOutcome?: (o: IngestOutcome) => void } = {},
): Promise<ScanSummary> {
  const { recordings: all, skipped } = await listFolder(folder);
  rememberRecordingFolder(db, folder);
  const settleMs = options.settleMs ?? 1500;
  const outcomes: IngestOutcome[] = [];
  const growing = await filesStillGrowing(all, settleMs);
  for (const g of growing.values()) {
    const o = recordPending(db, g.path, g.size, g.mtimeMs);
    outcomes.push(o);
    options.onOutcome?.(o);
  }
  const files = all.filter((f) => !growing.has(f));
  const report = (o: IngestOutcome): void => {
    outcomes.push(o);
    options.onOutcome?.(o);
  };
  // Reading files overlaps; storing them is batched, since a commit costs more than a file's rows.
  let ready: NewRecording[] = [];
  const flush = (): void => {
    const batch = ready;
    ready = [];
    if (batch.length)
      db.transaction(() => batch.forEach((rec) => report(commitRecording(db, rec, options.phoneRegion))))();
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const inspected = await inspectFile(db, files[i] as string, { ...options, settleMs: 0 });
      if (inspected.kind !== 'ready') report(inspected);
      else if (ready.push(inspected.rec) >= BATCH) flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, files.length) }, worker));
  flush();
  return { found: all.length, outcomes, skipped };
}

interface Growing {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Files touched in the last moments may still be arriving. Rather than wait per file, wait once
 * for all of them and keep those whose size or mtime moved meanwhile.
 */
async function filesStillGrowing(files: string[], settleMs: number): Promise<Map<string, Growing>> {
  const growing = new Map<string, Growing>();
  if (settleMs <= 0) return growing;
  const now = Date.now();
  const recent: Growing[] = [];
  for (const path of files) {
    const s = await stat(path).catch(() => null);
    if (s && now - s.mtimeMs < settleMs) recent.push({ path, size: s.size, mtimeMs: s.mtimeMs });
  }
  if (recent.length === 0) return growing;
  await new Promise((r) => setTimeout(r, settleMs));
  for (const r of recent) {
    const s = await stat(r.path).catch(() => null);
    if (s && (s.size !== r.size || s.mtimeMs !== r.mtimeMs))
      growing.set(r.path, { ...r, size: s.size, mtimeMs: s.mtimeMs });
  }
  return growing;
}
