import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../fixtures/cli';
import { tempDir } from '../../fixtures/temp';
import { writeWav } from '../../fixtures/wav';

/** The imports and the call-log sync read CSV with one reader: a file it cannot read whole changes nothing. */
describe('CSV files that would have lost data', () => {
  const tmp = tempDir('cr-csv-safety-');
  const dbPath = join(tmp.path, 'callrank.db');
  const file = (name: string, content: string | Buffer): string => {
    const path = join(tmp.path, name);
    writeFileSync(path, content);
    return path;
  };
  const leads = (): Record<string, unknown>[] => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db.prepare('SELECT lead_id, first_name, company FROM leads ORDER BY lead_id').all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  };
  const importLeads = (path: string, ...more: string[]): ReturnType<typeof runCli> =>
    runCli(['import', 'leads', path, '--db', dbPath, ...more]);

  beforeAll(() => {
    const r = importLeads(file('before.csv', 'lead_id,first_name,company\nU1,Old,Keep\nU9,Nine,Keep\n'));
    expect(r.code).toBe(0);
  });
  afterAll(() => tmp.cleanup());
  const before = [
    { lead_id: 'U1', first_name: 'Old', company: 'Keep' },
    { lead_id: 'U9', first_name: 'Nine', company: 'Keep' },
  ];

  it('refuses a quote that never closes, with its line, and imports nothing (text and --json)', () => {
    const path = file('unbalanced.csv', 'lead_id,first_name,company\nU1,"Ann,Acme\nU2,Bob,Beta\nU3,Carl,Corp\n');
    const r = importLeads(path);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Nothing imported: ${path}: line 2: a quoted value starts here and its closing quote never comes, so lines 2 to 4 would be read as one value; close the quote (a quote inside a quoted value is written twice: "")\n`,
    );
    expect(leads()).toEqual(before);
    const json = importLeads(path, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ imported: false, line: 2 });
    expect(runCli(['import', 'calls', path, '--db', dbPath]).stderr).toMatch(/^Nothing imported: .*: line 2: a quoted value starts here/);
    expect(leads()).toEqual(before);
  });

  it('keeps a quote inside a value and imports every row', () => {
    const r = importLeads(file('mid-quote.csv', 'lead_id,first_name,company\nU1,An"n,Acme\nU2,Bob,Beta\nU3,Carl,Corp\n'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(leads()).toEqual([
      { lead_id: 'U1', first_name: 'An"n', company: 'Acme' },
      { lead_id: 'U2', first_name: 'Bob', company: 'Beta' },
      { lead_id: 'U3', first_name: 'Carl', company: 'Corp' },
      before[1],
    ]);
  });

  it('refuses mixed encodings and repeated column names with what to fix, and changes nothing', () => {
    const now = leads();
    const latin1 = Buffer.concat([Buffer.from('lead_id;first_name;company\nU4;Ren'), Buffer.from([0xe9]), Buffer.from('e;Caf\n')]);
    const r = importLeads(file('latin1.csv', latin1));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Nothing imported: .*latin1\.csv: line 2 is not UTF-8 \(byte 0xe9 in "U4;Ren\uFFFDe;Caf"\): the file mixes encodings/);
    const dup = importLeads(file('dup.csv', 'lead_id,first_name,First_Name\nU5,A,B\n'));
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/line 1: columns 2 and 3 are both named "First_Name": rename one/);
    const wide = importLeads(file('wide.csv', 'lead_id,first_name\nU6,Ann,Acme Inc\n'));
    expect(wide.stderr).toMatch(/line 2: 3 values where the header has 2 columns/);
    expect(leads()).toEqual(now);
  });

  it('reads semicolon files and UTF-16 with its byte-order mark, accents intact', () => {
    expect(importLeads(file('semi.csv', 'lead_id;first_name;company\nU7;"Zoë";"A; B"\n')).code).toBe(0);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('lead_id\tfirst_name\tcompany\r\nU8\tRenée\tZürich AG\r\n', 'utf16le')]);
    expect(importLeads(file('excel-unicode.txt', utf16)).code).toBe(0);
    expect(leads()).toEqual(
      expect.arrayContaining([
        { lead_id: 'U7', first_name: 'Zoë', company: 'A; B' },
        { lead_id: 'U8', first_name: 'Renée', company: 'Zürich AG' },
      ]),
    );
  });

  it('the call-log sync refuses the same file before taking any row', () => {
    const folder = join(tmp.path, 'export');
    mkdirSync(folder);
    writeWav(join(folder, 'a.wav'), { seconds: 0.3, frequencies: [300] });
    writeWav(join(folder, 'b.wav'), { seconds: 0.3, frequencies: [350] });
    const log = file('log.csv', 'call_id,recording,first_name\nX-1,a.wav,"Ann\nX-2,b.wav,Bob\n');
    const r = runCli(['sync', 'csv', log, folder, '--db', dbPath], { CALLRANK_RECORDINGS_DIR: join(tmp.path, 'store') });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${log}: line 2: a quoted value starts here and its closing quote never comes`);
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(0);
      expect(db.prepare(`SELECT last_error FROM sync_connectors WHERE connector = 'csv'`).pluck().get()).toContain('line 2: a quoted value');
    } finally {
      db.close();
    }
    // The same rows written right are taken, each with the line it is on.
    const good = file('log-good.csv', 'call_id,recording,first_name\nX-1,a.wav,"Ann\nMarie"\nX-2,missing.wav,Bob\n');
    const ok = runCli(['sync', 'csv', good, folder, '--db', dbPath], { CALLRANK_RECORDINGS_DIR: join(tmp.path, 'store') });
    expect(ok.stdout).toMatch(/read 2 rows: 1 added/);
    expect(ok.stdout).toContain('row 4 (X-2): recording "missing.wav" not found');
  });
});
