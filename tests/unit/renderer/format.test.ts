import { describe, expect, it } from 'vitest';
import { count } from '../../../renderer/src/lib/format';

describe('count', () => {
  it('groups thousands as the English UI writes them', () => {
    expect(count(0)).toBe('0');
    expect(count(999)).toBe('999');
    expect(count(1000)).toBe('1,000');
    expect(count(100_000)).toBe('100,000');
    expect(count(1_234_567)).toBe('1,234,567');
  });

  it('writes a negative count or a fraction without breaking the grouping', () => {
    expect(count(-1234)).toBe('-1,234');
    expect(count(1234.9)).toBe('1,234');
  });

  it('matches en-US number formatting over a range of sizes', () => {
    for (let n = 1; n < 1e13; n = n * 7 + 3) expect(count(n)).toBe(n.toLocaleString('en-US'));
  });
});
