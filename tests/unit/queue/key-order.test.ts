import { describe, expect, it } from 'vitest';
import { orderByKey, positions } from '../../../electron/queue/key-order';

/** A small deterministic generator, so a failure names inputs that can be replayed. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** The order by definition: key (NaN last either way), then tie position, with a comparator. */
function reference(keys: Float64Array, desc: boolean, tiePos?: Int32Array): number[] {
  const tie = (i: number): number => (tiePos ? (tiePos[i] as number) : i);
  return Array.from(keys, (_, i) => i).sort((a, b) => {
    const x = keys[a] as number;
    const y = keys[b] as number;
    if (x !== x || y !== y) return x !== x && y !== y ? tie(a) - tie(b) : x !== x ? 1 : -1;
    return (desc ? y - x : x - y) || tie(a) - tie(b);
  });
}

function shuffled(n: number, rnd: () => number): Int32Array {
  const out = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

/** Key sets that take each path: one counting pass, two passes, packed floats, the comparator. */
const KINDS: Record<string, (rnd: () => number) => number> = {
  'scores (one pass)': (rnd) => Math.round(rnd() * 1000),
  'few values, many ties': (rnd) => Math.floor(rnd() * 4),
  'negative keys': (rnd) => -Math.floor(rnd() * 500) - 3,
  'seconds over years (two passes)': (rnd) => 1_700_000_000 + Math.floor(rnd() * 90_000_000),
  'wider than 2^32 (packed)': (rnd) => Math.floor(rnd() * 2 ** 40),
  'fractions (comparator)': (rnd) => rnd() * 100,
};

describe('orderByKey', () => {
  for (const [kind, key] of Object.entries(KINDS)) {
    it(`orders ${kind} as the comparator does, NaN last, ties in the tie order`, () => {
      const rnd = lcg(kind.length * 7919);
      for (const n of [0, 1, 2, 17, 5_000]) {
        const keys = Float64Array.from({ length: n }, () => (rnd() < 0.1 ? NaN : key(rnd)));
        const tieOrder = shuffled(n, rnd);
        const tiePos = positions(tieOrder);
        for (const desc of [false, true]) {
          expect(Array.from(orderByKey(keys, desc)), `${kind} n=${n} desc=${desc}`).toEqual(
            reference(keys, desc),
          );
          expect(Array.from(orderByKey(keys, desc, tiePos, tieOrder)), `${kind} n=${n} desc=${desc} tie`).toEqual(
            reference(keys, desc, tiePos),
          );
        }
      }
    });
  }

  it('puts every row last when no row has a key, in the tie order', () => {
    const keys = new Float64Array(6).fill(NaN);
    const tieOrder = Int32Array.from([3, 1, 5, 0, 2, 4]);
    expect(Array.from(orderByKey(keys, true, positions(tieOrder), tieOrder))).toEqual([3, 1, 5, 0, 2, 4]);
  });

  it('keeps keys that differ by one apart across the 16-bit digit boundary', () => {
    // 65535 and 65536 differ only in the high digit; 0 and 65536 only in the low one.
    const keys = Float64Array.from([65536, 65535, 0, 131071, 65536, 1]);
    expect(Array.from(orderByKey(keys, false))).toEqual([2, 5, 1, 0, 4, 3]);
    expect(Array.from(orderByKey(keys, true))).toEqual([3, 0, 4, 1, 5, 2]);
  });
});
