import { describe, expect, it } from 'vitest';
import { parseBinaryLabel, parseCsv } from '../../../electron/scoring/import/parse-csv';

describe('CSV parsing', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    const t = parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\n2,"line\nbreak",\n');
    expect(t.delimiter).toBe(',');
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.rows).toEqual([
      ['1', 'x, y', 'say "hi"'],
      ['2', 'line\nbreak', ''],
    ]);
    expect(t.rowNumbers).toEqual([2, 3]);
  });

  it('detects semicolons, drops a trailing nameless column and strips a BOM', () => {
    const t = parseCsv('\ufeff"age";"job";\n58;"management";\n');
    expect(t.delimiter).toBe(';');
    expect(t.header).toEqual(['age', 'job']);
    expect(t.rows).toEqual([['58', 'management']]);
  });

  it('reads converted-style labels', () => {
    expect(['1', 'yes', 'TRUE', 'Won', 'y'].map(parseBinaryLabel)).toEqual([1, 1, 1, 1, 1]);
    expect(['0', 'no', 'false', 'lost'].map(parseBinaryLabel)).toEqual([0, 0, 0, 0]);
    expect(parseBinaryLabel('maybe')).toBeNull();
  });
});
