import { closeSync, fstatSync, openSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { ReadColumns } from './lead-columns';
import type { CodedText, TextColumn } from './lead-text';

/**
 * The queue's index kept on disk between runs, beside the database: the columns as read from SQL
 * and the text codes. Priority and band are not stored (they depend on the clock and the bands
 * in force) and are recomputed on load. A stored index is used only when it was written at the
 * database's current queue data version (migration 0043) and from the same database, with the same
 * number of leads and the same last rowid; anything else, or any damage, means a rebuild from SQL, never a wrong queue.
 *
 * Layout: 8-byte magic, u32 header length, JSON header, then the parts, each 8-byte aligned.
 * The header names each part's offset, length and CRC-32; the file ends with the last part.
 */
export interface StoredIndex {
  /** What the index was built from: the database and its queue data version, lead count and last rowid. */
  stamp: IndexStamp;
  cols: ReadColumns;
  text: Record<TextColumn, CodedText>;
}

export interface IndexStamp {
  /** queueDataKey: which database, at which data version. */
  key: string;
  leads: number;
  lastRowid: number;
}

const MAGIC = 'CRQIDX01';
/** 2: each part carries its own CRC-32 (1 had one SHA-1 of the whole body, which a load had to hold in memory). */
const FORMAT = 3;

type Numeric = Float64Array | Int32Array | Uint8Array;
const KINDS = { f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;
type Kind = keyof typeof KINDS;

interface Header {
  format: number;
  stamp: IndexStamp;
  n: number;
  parts: { name: string; kind: Kind | 'json'; offset: number; bytes: number; crc32: number }[];
}

const NUMERIC_PARTS = [
  ['rowid', 'f64'],
  ['score', 'f64'],
  ['probability', 'f64'],
  ['attempts', 'i32'],
  ['createdMs', 'f64'],
  ['lastCalledMs', 'f64'],
  ['callbackMs', 'f64'],
  ['points', 'f64'],
  ['outcome', 'u8'],
] as const;
const TEXT: readonly TextColumn[] = ['name', 'campaign', 'agent'];

export const storedIndexPath = (dbPath: string): string => `${dbPath}.queue-index`;

const align8 = (n: number): number => (n + 7) & ~7;

/** Writes the index atomically (a temporary file renamed over the old one): a crash leaves the old file or the new. */
export function writeStoredIndex(path: string, index: StoredIndex): void {
  const { cols, text } = index;
  const parts: { name: string; kind: Kind | 'json'; data: Uint8Array }[] = [];
  const bytesOf = (a: Numeric): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  for (const [name, kind] of NUMERIC_PARTS) parts.push({ name, kind, data: bytesOf(cols[name]) });
  for (const column of TEXT)
    parts.push({ name: `${column}.codes`, kind: 'f64', data: bytesOf(text[column].codes) });
  const values = Object.fromEntries(TEXT.map((c) => [c, text[c].values]));
  parts.push({ name: 'values', kind: 'json', data: Buffer.from(JSON.stringify(values)) });

  let offset = 0;
  const placed = parts.map((p) => {
    const at = offset;
    offset = align8(offset + p.data.byteLength);
    return { ...p, offset: at };
  });
  const body = Buffer.alloc(offset);
  for (const p of placed) body.set(p.data, p.offset);
  const header: Header = {
    format: FORMAT,
    stamp: index.stamp,
    n: cols.n,
    parts: placed.map((p) => ({
      name: p.name,
      kind: p.kind,
      offset: p.offset,
      bytes: p.data.byteLength,
      crc32: crc32(p.data),
    })),
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const lead = Buffer.alloc(align8(MAGIC.length + 4 + headerBytes.length));
  lead.write(MAGIC, 0, 'latin1');
  lead.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(lead, MAGIC.length + 4);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([lead, body]));
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was written.
    }
    throw err;
  }
}

const sameStamp = (a: IndexStamp | undefined, b: IndexStamp): boolean =>
  !!a && a.key === b.key && a.leads === b.leads && a.lastRowid === b.lastRowid;

/**
 * Whether the file is an index of this format stored at `stamp`, reading only its header: a CLI
 * command that finds it so has nothing to store (refresh-stored-index.ts).
 */
export function storedIndexMatches(path: string, stamp: IndexStamp): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const got = readHeader(fd);
    return typeof got !== 'string' && got.header.format === FORMAT && sameStamp(got.header.stamp, stamp);
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Why a stored index was not used; 'missing' and 'stale' are normal, the others mean damage. */
export type StoredIndexMiss = 'missing' | 'stale' | 'damaged' | 'other-format';

/** The stored index if it matches `stamp` and is intact; otherwise why not. */
export function readStoredIndex(path: string, stamp: IndexStamp): StoredIndex | StoredIndexMiss {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 'missing';
  }
  try {
    return readOpenIndex(fd, stamp);
  } catch {
    return 'damaged';
  } finally {
    closeSync(fd);
  }
}

/** Reads `bytes.length` bytes at `position`; false when the file ends first. */
function readFully(fd: number, bytes: Uint8Array, position: number): boolean {
  let got = 0;
  while (got < bytes.length) {
    const n = readSync(fd, bytes, got, bytes.length - got, position + got);
    if (n === 0) return false;
    got += n;
  }
  return true;
}

/** The file's header, where its body starts, and its size; 'damaged' when it is no queue index. */
function readHeader(fd: number): { header: Header; bodyAt: number; size: number } | 'damaged' {
  const size = fstatSync(fd).size;
  const lead = Buffer.alloc(MAGIC.length + 4);
  if (!readFully(fd, lead, 0) || lead.toString('latin1', 0, MAGIC.length) !== MAGIC) return 'damaged';
  const headerLength = lead.readUInt32LE(MAGIC.length);
  const bodyAt = align8(lead.length + headerLength);
  if (bodyAt > size) return 'damaged';
  const headerBytes = Buffer.alloc(headerLength);
  if (!readFully(fd, headerBytes, lead.length)) return 'damaged';
  try {
    return { header: JSON.parse(headerBytes.toString('utf8')) as Header, bodyAt, size };
  } catch {
    return 'damaged';
  }
}

function readOpenIndex(fd: number, stamp: IndexStamp): StoredIndex | StoredIndexMiss {
  const got = readHeader(fd);
  if (got === 'damaged') return got;
  const { header, bodyAt, size } = got;
  if (header.format !== FORMAT) return 'other-format';
  if (!sameStamp(header.stamp, stamp)) return 'stale';
  const parts = Array.isArray(header.parts) ? header.parts : [];
  const last = parts.reduce((end, p) => Math.max(end, align8(p.offset + p.bytes)), 0);
  if (bodyAt + last !== size) return 'damaged';

  const part = new Map(parts.map((p) => [p.name, p]));
  const n = header.n;
  // Each part is read straight into its own array, checked as it comes: no copy of the whole
  // file in memory first (fresh memory is what a load costs most of).
  const readPart = (name: string, kind: Kind | 'json', bytes?: number): ArrayBuffer | null => {
    const p = part.get(name);
    if (!p || p.kind !== kind || (bytes !== undefined && p.bytes !== bytes)) return null;
    const buffer = new ArrayBuffer(p.bytes);
    const into = new Uint8Array(buffer);
    if (!readFully(fd, into, bodyAt + p.offset) || crc32(into) !== p.crc32) return null;
    return buffer;
  };
  const numeric = <K extends Kind>(name: string, kind: K): InstanceType<(typeof KINDS)[K]> | null => {
    const Type = KINDS[kind];
    const buffer = readPart(name, kind, n * Type.BYTES_PER_ELEMENT);
    return buffer && (new Type(buffer) as InstanceType<(typeof KINDS)[K]>);
  };
  const cols: Record<string, Numeric> = {};
  for (const [name, kind] of NUMERIC_PARTS) {
    const got = numeric(name, kind);
    if (!got) return 'damaged';
    cols[name] = got;
  }
  const valuesBytes = readPart('values', 'json');
  if (!valuesBytes) return 'damaged';
  let values: Record<TextColumn, string[]>;
  try {
    values = JSON.parse(new TextDecoder().decode(valuesBytes)) as Record<TextColumn, string[]>;
  } catch {
    return 'damaged';
  }
  const text = {} as Record<TextColumn, CodedText>;
  for (const column of TEXT) {
    const codes = numeric(`${column}.codes`, 'f64');
    if (!codes || !Array.isArray(values[column])) return 'damaged';
    text[column] = { codes, values: values[column] };
  }
  return { stamp: header.stamp, cols: { n, ...(cols as Omit<ReadColumns, 'n'>) }, text };
}
