import { CsvError as ParseError, parse } from 'csv-parse/sync';
import { CsvError } from './csv-error';
import { decodeCsvText } from './decode-text';

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvTable {
  /** The column names, trimmed; a nameless last column (every line ending in a delimiter) is dropped. */
  header: string[];
  /** Each row has header.length cells; rowNumbers[i] is the line of the file it starts on. */
  rows: string[][];
  rowNumbers: number[];
  delimiter: CsvDelimiter;
}

/** Counts candidate delimiters in the header line, outside quotes; the commonest wins. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let inQuotes = false;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

const lineBreaks = (cell: string): number => cell.match(/\r\n|\r|\n/g)?.length ?? 0;

/** The 1-based line of the first non-blank line after `afterLine`. */
function nextContentLine(text: string, afterLine: number): number {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = afterLine; i < lines.length; i++) if ((lines[i] ?? '').trim() !== '') return i + 1;
  return afterLine + 1;
}

/**
 * Reads a CSV file (bytes, or text already decoded) with csv-parse, the one CSV reader of the app
 * (lead and call imports, the call-log sync, model data sets). RFC 4180 quoting: quoted fields may
 * hold delimiters, doubled quotes and line breaks; a quote inside an unquoted field is kept as it
 * is. A file that cannot be read whole is refused with the line at fault, so nothing is imported
 * from it: an unclosed quote (which would swallow every following row into one field), a row
 * with more values than the header has columns, two columns with one name, a column with values
 * but no name, text that is not UTF-8 (decode-text.ts).
 */
export function parseCsv(input: Uint8Array | string): CsvTable {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeCsvText(input);
  const delimiter = detectDelimiter(text);
  // The line each record ends on, as csv-parse counts them (records stay plain string arrays).
  const endLines: number[] = [];
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      // Any line ending, mixed too (files joined or edited on another system), as a spreadsheet reads them.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], context) => {
        endLines.push(context.lines);
        return record;
      },
    });
  } catch (err) {
    throw explain(err, text, endLines.at(-1) ?? 0);
  }
  const body = records
    .map((cells, i) => ({ cells, line: (endLines[i] ?? 0) - cells.reduce((n, c) => n + lineBreaks(c), 0) }))
    .filter((r) => !(r.cells.length === 1 && (r.cells[0] ?? '').trim() === ''));
  const first = body.shift();
  if (!first) throw new CsvError('the CSV file is empty');
  let header = first.cells.map((h) => h.trim());
  while (header.length && header[header.length - 1] === '') header = header.slice(0, -1);
  if (header.length === 0) throw new CsvError('the first line has no column names', first.line);
  checkHeader(header, first.line);
  const width = header.length;
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (const r of body) {
    const extra = r.cells.slice(width).filter((c) => c.trim() !== '');
    if (extra.length) {
      throw new CsvError(
        `${r.cells.length} values where the header has ${width} columns (${header.join(', ')}): ` +
          `a value holding "${delimiter === '\t' ? 'a tab' : delimiter}" must be in quotes`,
        r.line,
      );
    }
    const cells = r.cells.slice(0, width);
    while (cells.length < width) cells.push('');
    rows.push(cells);
    rowNumbers.push(r.line);
  }
  checkNamelessColumns(header, rows, rowNumbers);
  return { header, rows, rowNumbers, delimiter };
}

function checkHeader(header: string[], line: number): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') return;
    const key = name.toLowerCase();
    const before = seen.get(key);
    if (before !== undefined) {
      throw new CsvError(
        `columns ${before + 1} and ${i + 1} are both named "${name}": rename one, so no value is read from the wrong column`,
        line,
      );
    }
    seen.set(key, i);
  });
}

/** A column without a name whose values would otherwise go nowhere. */
function checkNamelessColumns(header: string[], rows: string[][], rowNumbers: number[]): void {
  header.forEach((name, i) => {
    if (name !== '') return;
    const r = rows.findIndex((row) => (row[i] ?? '').trim() !== '');
    if (r >= 0) throw new CsvError(`column ${i + 1} has values but no name in the first line: name it`, rowNumbers[r]);
  });
}

/** csv-parse's refusal, said with the line a person has to fix. */
function explain(err: unknown, text: string, lastRecordEnd: number): unknown {
  if (!(err instanceof ParseError)) return err;
  const lines = typeof err.lines === 'number' ? err.lines : undefined;
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    const start = nextContentLine(text, lastRecordEnd);
    return new CsvError(
      `a quoted value starts here and its closing quote never comes, so lines ${start} to ${lines ?? 'the end'} would be read as one value; ` +
        'close the quote (a quote inside a quoted value is written twice: "")',
      start,
    );
  }
  return new CsvError(err.message.replace(/ at line \d+/, ''), lines);
}
