import { readFileSync } from 'node:fs';
import { parseCsv } from '../../csv/parse-csv';
import { parseBinaryLabel } from '../import/binary-label';
import type { RawTable } from './dataset';

/** A labelled table from a CSV file: every column but the label is a candidate feature. */
export function labelledTableFromCsv(path: string, label: string): { table: RawTable; y: Uint8Array; skipped: number } {
  let csv: ReturnType<typeof parseCsv>;
  try {
    csv = parseCsv(readFileSync(path));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
  }
  const li = csv.header.findIndex((h) => h.toLowerCase() === label.toLowerCase());
  if (li < 0) throw new Error(`label column "${label}" not in ${path} (columns: ${csv.header.join(', ')})`);
  const keepRows: number[] = [];
  const labels: number[] = [];
  csv.rows.forEach((r, i) => {
    const v = parseBinaryLabel(r[li] ?? '');
    if (v !== null) {
      keepRows.push(i);
      labels.push(v);
    }
  });
  const columns = csv.header.filter((_, i) => i !== li);
  const values = csv.header
    .map((_, c) => c)
    .filter((c) => c !== li)
    .map((c) => keepRows.map((r) => csv.rows[r]?.[c] ?? null));
  return { table: { columns, values, rows: keepRows.length }, y: Uint8Array.from(labels), skipped: csv.rows.length - keepRows.length };
}
