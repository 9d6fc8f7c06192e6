import { copyFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { parseCsv } from '../../csv/parse-csv';
import type { Db } from '../../db/open';
import { RECORDING_EXTENSIONS } from '../../ingest/formats';
import { isInside } from '../../ingest/inside-folder';
import { makeOwnerOnly } from '../../db/private-files';
import type { PhoneRegion } from '../../ingest/phone';
import type { Sidecar } from '../../ingest/sidecar';
import { callForExternalId, ingestStoreCopy, writeSidecar } from '../ingest-synced';
import { finishRun, getConnector, startRun, updateItem, upsertSeen } from '../sync-store';

export const CSV = 'csv';

const SUPPORTED_EXTENSIONS: ReadonlySet<string> = new Set(RECORDING_EXTENSIONS);

/**
 * Columns a call-log export may use, by what they mean; the first that is present wins.
 * Matching is on the normalised header (lower case, spaces to underscores).
 */
const COLUMNS = {
  id: ['call_id', 'external_id', 'call_sid', 'id', 'uniqueid'],
  recording: ['recording', 'recording_file', 'recording_path', 'file', 'filename'],
  started: ['started_at', 'start_time', 'call_start_time', 'date', 'calldate'],
  direction: ['direction', 'call_direction'],
  from: ['from', 'caller', 'from_number', 'src'],
  to: ['to', 'callee', 'to_number', 'dst'],
  agent: ['agent', 'agent_name', 'user'],
  campaign: ['campaign', 'campaign_name'],
  first: ['first_name', 'firstname'],
  last: ['last_name', 'lastname'],
  company: ['company'],
  email: ['email'],
  source: ['lead_source', 'source'],
} as const;

/**
 * A call log's rows as objects keyed by the normalised header (lower case, spaces and dashes to
 * underscores), each with the line it starts on.
 */
function callLogRecords(bytes: Uint8Array): { header: string[]; records: { values: Record<string, string>; line: number }[] } {
  const csv = parseCsv(bytes);
  const header = csv.header.map((h) => h.toLowerCase().replace(/[\s-]+/g, '_'));
  const records = csv.rows.map((row, i) => ({
    values: Object.fromEntries(header.map((h, c) => [h, (row[c] ?? '').trim()])),
    line: csv.rowNumbers[i] ?? i + 2,
  }));
  return { header, records };
}

function pick(rec: Record<string, string>, key: keyof typeof COLUMNS): string | undefined {
  for (const c of COLUMNS[key]) if (rec[c]) return rec[c];
  return undefined;
}

function direction(v: string | undefined): 'inbound' | 'outbound' | undefined {
  const d = v?.toLowerCase();
  if (!d) return undefined;
  if (d.startsWith('in')) return 'inbound';
  if (d.startsWith('out')) return 'outbound';
  return undefined;
}

export interface CsvSyncOptions {
  csvPath: string;
  recordingsFolder: string;
  recordingsDir: string;
  /** Reads numbers without a country code; default US. */
  phoneRegion?: PhoneRegion;
}

export interface CsvSyncSummary {
  rows: number;
  added: number;
  alreadySynced: number;
  noRecording: number;
  failed: { row: number; callId: string | null; reason: string }[];
}

function sidecarOf(rec: Record<string, string>, id: string): Sidecar {
  const started = pick(rec, 'started');
  const startedIso = started && !Number.isNaN(Date.parse(started)) ? new Date(started).toISOString() : undefined;
  const lead = { first_name: pick(rec, 'first'), last_name: pick(rec, 'last'), company: pick(rec, 'company'), email: pick(rec, 'email'), lead_source: pick(rec, 'source') };
  const definedLead = Object.fromEntries(Object.entries(lead).filter(([, v]) => v !== undefined));
  const s: Sidecar = { external_id: id };
  const dir = direction(pick(rec, 'direction'));
  if (dir) s.direction = dir;
  for (const [k, col] of [['from', 'from'], ['to', 'to'], ['agent', 'agent'], ['campaign', 'campaign']] as const) {
    const v = pick(rec, col);
    if (v) s[k] = v;
  }
  if (startedIso) s.started_at = startedIso;
  if (Object.keys(definedLead).length) s.lead = definedLead;
  return s;
}

/**
 * The connector for systems without an API: each CSV row names a call and its recording file.
 * The file is copied into the recordings store with a sidecar built from the row and ingested
 * like any other; rows are keyed by their call id, so importing the same export again adds nothing.
 */
export async function syncCsv(db: Db, opts: CsvSyncOptions): Promise<CsvSyncSummary> {
  getConnector(db, CSV);
  await mkdir(opts.recordingsDir, { recursive: true });
  startRun(db, CSV);
  let log: ReturnType<typeof callLogRecords>;
  try {
    // The whole file is read before any row is taken: a file that cannot be read adds nothing.
    log = callLogRecords(await readFile(opts.csvPath));
  } catch (err) {
    const message = `${opts.csvPath}: ${(err as Error).message}`;
    finishRun(db, CSV, { error: message, summary: {} });
    throw new Error(message, { cause: err });
  }
  const { header, records } = log;
  if (!COLUMNS.recording.some((c) => header.includes(c))) {
    const message = `the CSV has no recording column (one of ${COLUMNS.recording.join(', ')}); its columns are: ${header.join(', ')}`;
    finishRun(db, CSV, { error: message, summary: {} });
    throw new Error(message);
  }
  const summary: CsvSyncSummary = { rows: records.length, added: 0, alreadySynced: 0, noRecording: 0, failed: [] };
  const root = resolve(opts.recordingsFolder);
  for (const { values: rec, line: rowNo } of records) {
    const file = pick(rec, 'recording');
    const id = pick(rec, 'id') ?? (file ? `csv:${file}` : null);
    if (!id) {
      summary.failed.push({ row: rowNo, callId: null, reason: 'row has neither a call id nor a recording' });
      continue;
    }
    upsertSeen(db, CSV, id, rec);
    const known = callForExternalId(db, id);
    if (known) {
      updateItem(db, CSV, id, { status: 'ingested', callId: known });
      summary.alreadySynced++;
      continue;
    }
    if (!file) {
      updateItem(db, CSV, id, { status: 'no_recording' });
      summary.noRecording++;
      continue;
    }
    const source = isAbsolute(file) ? file : resolve(root, file);
    const ext = extname(source).toLowerCase();
    const fail = (reason: string): void => {
      updateItem(db, CSV, id, { status: 'failed', error: reason });
      summary.failed.push({ row: rowNo, callId: id, reason });
    };
    if (!isAbsolute(file) && !isInside(root, source)) {
      fail(`recording "${file}" points outside the recordings folder`);
      continue;
    }
    if (!SUPPORTED_EXTENSIONS.has(ext)) {
      fail(`recording "${file}" is not a supported audio type (${[...SUPPORTED_EXTENSIONS].join(', ')})`);
      continue;
    }
    try {
      await stat(source);
    } catch {
      fail(`recording "${file}" not found in ${root}`);
      continue;
    }
    const dest = join(opts.recordingsDir, id.replace(/[^A-Za-z0-9._-]/g, '_') + ext);
    await writeSidecar(dest, sidecarOf(rec, id));
    await copyFile(source, dest + '.part');
    // A copy keeps its source's mode: the store's copy is made owner-only like all it holds.
    makeOwnerOnly(dest + '.part');
    await rename(dest + '.part', dest);
    const r = await ingestStoreCopy(db, dest, opts.phoneRegion);
    if (!r.ok) {
      fail(r.reason);
      continue;
    }
    updateItem(db, CSV, id, { status: 'ingested', callId: r.callId, filePath: dest });
    summary.added++;
  }
  finishRun(db, CSV, { error: summary.failed.length ? `${summary.failed.length} rows failed` : null, summary });
  return summary;
}
