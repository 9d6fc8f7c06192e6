import { describe, expect, it } from 'vitest';
import { parseBinaryLabel } from '../../../electron/scoring/import/binary-label';

describe('converted-style labels', () => {
  it('reads 1/0, yes/no, true/false, won/lost and leaves anything else unread', () => {
    expect(['1', 'yes', 'TRUE', 'Won', 'y'].map(parseBinaryLabel)).toEqual([1, 1, 1, 1, 1]);
    expect(['0', 'no', 'false', 'lost'].map(parseBinaryLabel)).toEqual([0, 0, 0, 0]);
    expect(parseBinaryLabel('maybe')).toBeNull();
  });
});
