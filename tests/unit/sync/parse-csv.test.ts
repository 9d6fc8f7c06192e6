import { describe, expect, it } from 'vitest';
import { csvRecords, parseCsv } from '../../../electron/sync/csv/parse-csv';

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, embedded commas and line breaks, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi""\nthere"\r\n1,\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
      ['1', ''],
    ]);
  });
  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow(/unmatched/);
  });
  it('normalises headers', () => {
    expect(csvRecords('Call ID,Start-Time\n1,2').records).toEqual([{ call_id: '1', start_time: '2' }]);
  });
});
