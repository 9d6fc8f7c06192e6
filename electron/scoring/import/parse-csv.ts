export interface CsvTable {
  header: string[];
  /** Each row has header.length cells; rowNumbers[i] is its 1-based line in the file for error reports. */
  rows: string[][];
  rowNumbers: number[];
  delimiter: ',' | ';' | '\t';
}

/** Counts candidate delimiters in the header line, outside quotes; the commonest wins. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
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

/** RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks. */
export function parseCsvRecords(text: string, delimiter: string): Array<{ cells: string[]; line: number }> {
  const records: Array<{ cells: string[]; line: number }> = [];
  let cells: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') inQuotes = true;
    else if (ch === delimiter) {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(field);
      if (cells.length > 1 || cells[0] !== '') records.push({ cells, line: recordLine });
      cells = [];
      field = '';
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (field !== '' || cells.length) {
    cells.push(field);
    records.push({ cells, line: recordLine });
  }
  return records;
}

export function parseCsv(text: string): CsvTable {
  const delimiter = detectDelimiter(text);
  const records = parseCsvRecords(text, delimiter);
  const first = records[0];
  if (!first) throw new Error('the CSV file is empty');
  let header = first.cells.map((h) => h.trim());
  // Exports that end every line with a delimiter leave a nameless last column.
  while (header.length && header[header.length - 1] === '') header = header.slice(0, -1);
  const width = header.length;
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (const r of records.slice(1)) {
    const cells = r.cells.slice(0, width);
    while (cells.length < width) cells.push('');
    rows.push(cells);
    rowNumbers.push(r.line);
  }
  return { header, rows, rowNumbers, delimiter };
}

/** converted-style values: 1/0, yes/no, true/false, won/lost (and y/n, converted/lost); null when unreadable. */
export function parseBinaryLabel(value: string): 0 | 1 | null {
  const v = value.trim().toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'won', 'win', 'converted', '1.0'].includes(v)) return 1;
  if (['0', 'no', 'n', 'false', 'f', 'lost', 'lose', 'not converted', '0.0'].includes(v)) return 0;
  return null;
}
