/** Bits per counting pass of the radix sort: two passes cover any key range up to 2^32. */
const DIGIT = 16;
const BUCKETS = 1 << DIGIT;

/**
 * Orders rows by an integer key, ties in the tie-break order. NaN keys (no value) go last in
 * either direction.
 *
 * `tiePos[i]` is row i's position in the tie-break order (the rank order) and `tieOrder` maps a
 * position back to its row; without them ties keep row order.
 *
 * A stable radix sort over the rows taken in tie order: one or two counting passes of 16 bits,
 * about 1-3 ms for 100k rows where a native sort of packed keys took 20-30 ms. The queue builds
 * eight of these while the first requests arrive, and a request waits for the one under way.
 */
export function orderByKey(
  keys: Float64Array,
  desc: boolean,
  tiePos?: Int32Array,
  tieOrder?: Int32Array,
): Int32Array {
  const n = keys.length;
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    if (k !== k) continue; // NaN: sorted last below
    const v = desc ? -k : k;
    if (v < min) min = v;
    if (v > max) max = v;
    if (whole && !Number.isInteger(v)) whole = false;
  }
  if (!whole) return orderByComparator(keys, desc, tiePos);
  if (min === Infinity) min = max = 0;
  const range = max - min + 2; // one slot more for "no value"
  if (range > 2 ** (2 * DIGIT)) return orderByPackedKey(keys, desc, min, range, tiePos, tieOrder);
  const slot = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    slot[i] = k !== k ? range - 1 : (desc ? -k : k) - min;
  }
  let order = countingPass(tieOrder ?? identity(n), slot, 0);
  if (range > BUCKETS) order = countingPass(order, slot, DIGIT);
  return order;
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** One stable counting pass on the 16-bit digit of `slot` at `shift`: rows keep their order within a digit. */
function countingPass(rows: Int32Array, slot: Uint32Array, shift: number): Int32Array {
  const mask = BUCKETS - 1;
  const digit = (row: number): number => ((slot[row] as number) >>> shift) & mask;
  // Counts shifted up one, then summed: next[d] is where the next row with digit d goes.
  const next = new Int32Array(BUCKETS + 1);
  for (let j = 0; j < rows.length; j++) {
    const d = digit(rows[j] as number) + 1;
    next[d] = (next[d] as number) + 1;
  }
  for (let d = 1; d <= BUCKETS; d++) next[d] = (next[d] as number) + (next[d - 1] as number);
  const out = new Int32Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j] as number;
    const d = digit(row);
    out[next[d] as number] = row;
    next[d] = (next[d] as number) + 1;
  }
  return out;
}

/**
 * Key ranges wider than 2^32 (never the queue's own columns): each row's key slot and its tie
 * position packed into one float64 (slot * m + position, m a power of two above the row count),
 * so Float64Array#sort does the work natively rather than a comparator.
 */
function orderByPackedKey(
  keys: Float64Array,
  desc: boolean,
  min: number,
  range: number,
  tiePos?: Int32Array,
  tieOrder?: Int32Array,
): Int32Array {
  const n = keys.length;
  let m = 1;
  while (m < n) m *= 2;
  if (range * m >= Number.MAX_SAFE_INTEGER) return orderByComparator(keys, desc, tiePos);
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    const slot = k !== k ? range - 1 : (desc ? -k : k) - min;
    packed[i] = slot * m + (tiePos ? (tiePos[i] as number) : i);
  }
  packed.sort();
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const pos = (packed[j] as number) % m;
    out[j] = tieOrder ? (tieOrder[pos] as number) : pos;
  }
  return out;
}

/** The slow path, only for keys that are not whole numbers or too wide to pack (never the queue's columns). */
function orderByComparator(keys: Float64Array, desc: boolean, tiePos?: Int32Array): Int32Array {
  const n = keys.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  const tie = (i: number): number => (tiePos ? (tiePos[i] as number) : i);
  idx.sort((a, b) => {
    const x = keys[a] as number;
    const y = keys[b] as number;
    if (x !== x || y !== y) return x !== x && y !== y ? tie(a) - tie(b) : x !== x ? 1 : -1;
    return (desc ? y - x : x - y) || tie(a) - tie(b);
  });
  return Int32Array.from(idx);
}

/** Position of each row in an order: the inverse permutation. */
export function positions(order: Int32Array): Int32Array {
  const pos = new Int32Array(order.length);
  for (let j = 0; j < order.length; j++) pos[order[j] as number] = j;
  return pos;
}

/** Strings per step of the stepwise sort: each sort or merge step stays near 10-20 ms. */
const RUN = 2_048;

/**
 * The distinct non-empty values, sorted in the default string order (UTF-16 code units, as `<`),
 * in steps: runs are sorted one per step, then merged pairwise a slice per step, so sorting 100k
 * names never holds the event loop for the ~300 ms one Array#sort takes on a busy machine.
 */
export function* sortedDistinct(values: readonly (string | null)[]): Generator<void, string[]> {
  const distinct = [...new Set(values)].filter((v): v is string => v !== null && v !== '');
  let runs: string[][] = [];
  for (let i = 0; i < distinct.length; i += RUN) {
    runs.push(distinct.slice(i, i + RUN).sort());
    yield;
  }
  while (runs.length > 1) {
    const next: string[][] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const a = runs[r] as string[];
      const b = runs[r + 1];
      if (!b) {
        next.push(a);
        continue;
      }
      const out = new Array<string>(a.length + b.length);
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < a.length && j < b.length) {
        out[k++] = (a[i] as string) <= (b[j] as string) ? (a[i++] as string) : (b[j++] as string);
        if (k % (RUN * 2) === 0) yield;
      }
      while (i < a.length) out[k++] = a[i++] as string;
      while (j < b.length) out[k++] = b[j++] as string;
      next.push(out);
    }
    runs = next;
  }
  return runs[0] ?? [];
}
