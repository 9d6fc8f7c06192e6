import { describe, expect, it } from 'vitest';
import { CsvError } from '../../../electron/csv/csv-error';
import { parseCsv } from '../../../electron/csv/parse-csv';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const refusal = (input: string | Buffer): CsvError => {
  try {
    parseCsv(input);
  } catch (err) {
    if (err instanceof CsvError) return err;
    throw err;
  }
  throw new Error('the file was read');
};

describe('parseCsv, the one CSV reader', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, CRLF, a BOM, with the line each row starts on', () => {
    const t = parseCsv(bytes('\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"line\nbreak",\n\n3,z,w'));
    expect(t.delimiter).toBe(',');
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.rows).toEqual([
      ['1', 'x, y', 'say "hi"'],
      ['2', 'line\nbreak', ''],
      ['3', 'z', 'w'],
    ]);
    expect(t.rowNumbers).toEqual([2, 3, 6]);
    const oldMac = parseCsv('a,b\r1,2\r3,4');
    expect(oldMac.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(oldMac.rowNumbers).toEqual([2, 3]);
  });

  it('detects semicolons and tabs, and drops a trailing nameless column', () => {
    const semi = parseCsv('"age";"job";\n58;"management; sales";\n');
    expect(semi.delimiter).toBe(';');
    expect(semi.header).toEqual(['age', 'job']);
    expect(semi.rows).toEqual([['58', 'management; sales']]);
    const tab = parseCsv('a\tb\n1\t"x\ty"\n');
    expect(tab.delimiter).toBe('\t');
    expect(tab.rows).toEqual([['1', 'x\ty']]);
  });

  it('refuses a quote that never closes, naming the line it opens on, instead of swallowing the rows after it', () => {
    const e = refusal('lead_id,first_name,company\nU1,"Ann,Acme\nU2,Bob,Beta\nU3,Carl,Corp\n');
    expect(e.line).toBe(2);
    expect(e.message).toBe(
      'line 2: a quoted value starts here and its closing quote never comes, so lines 2 to 4 would be read as one value; ' +
        'close the quote (a quote inside a quoted value is written twice: "")',
    );
    expect(refusal('a,b\n1,2\n\n3,"x\n4,5\n').line).toBe(4);
  });

  it('keeps a quote inside an unquoted value as it is, and every row after it', () => {
    const t = parseCsv('lead_id,first_name,company\nU1,An"n,Acme\nU2,Bob,Beta\nU3,Carl,Corp\n');
    expect(t.rows).toEqual([
      ['U1', 'An"n', 'Acme'],
      ['U2', 'Bob', 'Beta'],
      ['U3', 'Carl', 'Corp'],
    ]);
  });

  it('refuses a row with more values than columns, a repeated column name, and values in a nameless column', () => {
    expect(refusal('a,b\n1,2\n3,4,5\n').message).toBe(
      'line 3: 3 values where the header has 2 columns (a, b): a value holding "," must be in quotes',
    );
    expect(parseCsv('a,b\n1,2,,\n').rows).toEqual([['1', '2']]);
    expect(refusal('lead_id,Email,name,email\n1,a@x,n,b@x\n').message).toBe(
      'line 1: columns 2 and 4 are both named "email": rename one, so no value is read from the wrong column',
    );
    expect(refusal('a,,c\n1,2,3\n').message).toBe('line 2: column 2 has values but no name in the first line: name it');
    expect(parseCsv('a,,c\n1,,3\n').rows).toEqual([['1', '', '3']]);
  });

  it('refuses text that is not UTF-8, naming the line and the byte', () => {
    const latin1 = Buffer.concat([bytes('lead_id,first_name\nU1,Ann\nU2,Ren'), Buffer.from([0xe9]), bytes('e\n')]);
    const e = refusal(latin1);
    expect(e.line).toBe(3);
    expect(e.message).toBe(
      'line 3 is not UTF-8 (byte 0xe9 in "U2,Ren\uFFFDe"): the file mixes encodings, perhaps Latin-1 or Windows-1252 text in a UTF-8 file; save it as CSV UTF-8 and import again',
    );
    const noBom16 = Buffer.from('a,b\n1,2\n', 'utf16le');
    expect(refusal(noBom16).message).toMatch(/^line 1: the file holds NUL bytes: it looks like UTF-16 without a byte-order mark/);
  });

  it('reads UTF-16 that says so with its byte-order mark, and refuses one that breaks off', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\tcity\nRenée\tZürich\n', 'utf16le')]);
    expect(parseCsv(le).rows).toEqual([['Renée', 'Zürich']]);
    const be = Buffer.from('name,city\nRenée,Zürich\n', 'utf16le').swap16();
    expect(parseCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).rows).toEqual([['Renée', 'Zürich']]);
    const broken = Buffer.concat([le, Buffer.from([0x00, 0xd8])]);
    expect(refusal(broken).message).toBe(
      'the file starts as UTF-16LE (its byte-order mark says so) but is not valid UTF-16LE throughout: save it as CSV UTF-8 and import again',
    );
  });

  it('refuses an empty file', () => {
    expect(refusal(bytes('\n\n')).message).toBe('the CSV file is empty');
  });
});
