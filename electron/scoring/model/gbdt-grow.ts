import type { Tree, TreeNode } from './gbdt-tree';

export interface GrowParams {
  numLeaves: number;
  maxDepth: number;
  minDataInLeaf: number;
  minHessianInLeaf: number;
  lambda: number;
  /** Extra L2 on categorical splits, which otherwise overfit rare categories. */
  catLambda: number;
  minGain: number;
  learningRate: number;
}

export interface BinnedColumns {
  bins: Uint8Array[];
  nBins: number[];
  categorical: boolean[];
}

interface Split {
  gain: number;
  f: number;
  t: number;
  ml: boolean;
  cats: number[] | null;
}

interface Leaf {
  node: number;
  begin: number;
  end: number;
  depth: number;
  hist: Float64Array;
  g: number;
  h: number;
  /** This leaf's range in the in-bag row list (the same as begin/end when there is no sampling). */
  bBegin: number;
  bEnd: number;
  /** Rows of this tree's sample in the leaf (out-of-bag rows ride along but do not count). */
  count: number;
  best: Split | null;
}

const score = (g: number, h: number, lambda: number): number => (g * g) / (h + lambda);

/** Grows one leaf-wise tree on gradients g and hessians h (LightGBM-style histograms with subtraction). */
export class TreeGrower {
  private readonly offsets: number[] = [];
  private readonly totalBins: number;

  constructor(
    private readonly data: BinnedColumns,
    private readonly p: GrowParams,
  ) {
    let off = 0;
    for (const nb of data.nBins) {
      this.offsets.push(off);
      off += nb;
    }
    this.totalBins = off;
    this.offsetsTyped = Int32Array.from(this.offsets);
    const nf = data.bins.length;
    const rows = data.bins[0]?.length ?? 0;
    this.rowMajor = new Uint32Array(rows * nf);
    this.spill = new Uint32Array(rows);
    data.bins.forEach((col, f) => {
      const off = this.offsets[f] as number;
      for (let r = 0; r < rows; r++) this.rowMajor[r * nf + f] = (off + (col[r] as number)) * 3;
    });
  }

  /** Row-major histogram cell of each (row, feature): building a histogram reads each row's cells from one cache line. */
  private readonly rowMajor: Uint32Array;
  private readonly offsetsTyped: Int32Array;
  private readonly spill: Uint32Array;

  /** Histogram buffers are recycled across nodes and trees: allocating thousands per model kept the GC busy. */
  private readonly pool: Float64Array[] = [];

  private take(zeroed: boolean): Float64Array {
    const buf = this.pool.pop();
    if (!buf) return new Float64Array(this.totalBins * 3);
    if (zeroed) buf.fill(0);
    return buf;
  }

  private histogram(idx: Uint32Array, begin: number, end: number, g: Float64Array, h: Float64Array): Float64Array {
    const hist = this.take(true);
    const nf = this.offsetsTyped.length;
    const rm = this.rowMajor;
    for (let k = begin; k < end; k++) {
      const r = idx[k] as number;
      const gk = g[r] as number;
      const hk = h[r] as number;
      const rb = r * nf;
      for (let f = 0; f < nf; f++) {
        const b = rm[rb + f] as number;
        hist[b] = (hist[b] as number) + gk;
        hist[b + 1] = (hist[b + 1] as number) + hk;
        hist[b + 2] = (hist[b + 2] as number) + 1;
      }
    }
    return hist;
  }

  private bestSplit(leaf: Leaf): Split | null {
    const { minDataInLeaf: minN, minHessianInLeaf: minH, lambda } = this.p;
    const n = leaf.count;
    if (n < 2 * minN || leaf.depth >= this.p.maxDepth) return null;
    const parent = score(leaf.g, leaf.h, lambda);
    let best: Split | null = null;
    const hist = leaf.hist;
    for (let f = 0; f < this.data.nBins.length; f++) {
      const nb = this.data.nBins[f] as number;
      const base = (this.offsets[f] as number) * 3;
      if (this.data.categorical[f]) {
        const catLambda = lambda + this.p.catLambda;
        const present: number[] = [];
        for (let b = 0; b < nb; b++) if ((hist[base + b * 3 + 2] as number) > 0) present.push(b);
        if (present.length < 2) continue;
        const ratio = (b: number): number => (hist[base + b * 3] as number) / ((hist[base + b * 3 + 1] as number) + this.p.catLambda);
        present.sort((a, b) => ratio(a) - ratio(b));
        let gl = 0;
        let hl = 0;
        let cl = 0;
        for (let k = 0; k < present.length - 1; k++) {
          const b = present[k] as number;
          gl += hist[base + b * 3] as number;
          hl += hist[base + b * 3 + 1] as number;
          cl += hist[base + b * 3 + 2] as number;
          if (cl < minN || hl < minH) continue;
          if (n - cl < minN || leaf.h - hl < minH) break;
          const gain = score(gl, hl, catLambda) + score(leaf.g - gl, leaf.h - hl, catLambda) - parent;
          if (gain > (best?.gain ?? this.p.minGain)) best = { gain, f, t: 0, ml: false, cats: present.slice(0, k + 1) };
        }
        continue;
      }
      const mg = hist[base] as number;
      const mh = hist[base + 1] as number;
      const mc = hist[base + 2] as number;
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let t = 1; t < nb - 1; t++) {
        gl += hist[base + t * 3] as number;
        hl += hist[base + t * 3 + 1] as number;
        cl += hist[base + t * 3 + 2] as number;
        const restN = n - cl;
        const restH = leaf.h - hl;
        // Missing values go right (as counted) or, when there are any, left: try both.
        if (cl >= minN && restN >= minN && hl >= minH && restH >= minH) {
          const gain = score(gl, hl, lambda) + score(leaf.g - gl, restH, lambda) - parent;
          if (gain > (best ? best.gain : this.p.minGain)) best = { gain, f, t, ml: false, cats: null };
        }
        if (mc > 0) {
          const CL = cl + mc;
          const HL = hl + mh;
          const GL = gl + mg;
          if (CL >= minN && n - CL >= minN && HL >= minH && leaf.h - HL >= minH) {
            const gain = score(GL, HL, lambda) + score(leaf.g - GL, leaf.h - HL, lambda) - parent;
            if (gain > (best ? best.gain : this.p.minGain)) best = { gain, f, t, ml: true, cats: null };
          }
        }
      }
    }
    return best;
  }

  /** Node totals from any one feature's bins (they all sum to the node): [G, H, count]. */
  private totals(hist: Float64Array): [number, number, number] {
    let sg = 0;
    let sh = 0;
    let sc = 0;
    for (let b = 0; b < (this.data.nBins[0] as number); b++) {
      sg += hist[b * 3] as number;
      sh += hist[b * 3 + 1] as number;
      sc += hist[b * 3 + 2] as number;
    }
    return [sg, sh, sc];
  }

  /** Stable in-place partition of arr[begin, end) by the split's bin table; returns the first right-hand index. */
  private partition(arr: Uint32Array, begin: number, end: number, col: Uint8Array, goLeft: Uint8Array): number {
    let i = begin;
    let right = 0;
    for (let k = begin; k < end; k++) {
      const r = arr[k] as number;
      if (goLeft[col[r] as number] === 1) arr[i++] = r;
      else this.spill[right++] = r;
    }
    arr.set(this.spill.subarray(0, right), i);
    return i;
  }

  /**
   * Grows one tree over all rows in `idx`, learning only from the rows in `bagIdx` (all rows when it is
   * null), and adds each row's leaf value to `pred` — out-of-bag rows too, at no extra walk. Keeping the
   * in-bag rows in their own list lets histograms run without a per-row sampling branch.
   */
  grow(idx: Uint32Array, g: Float64Array, h: Float64Array, pred: Float64Array, bagIdx: Uint32Array | null = null): Tree {
    const { lambda, learningRate: lr } = this.p;
    const tree: TreeNode[] = [];
    const newNode = (G: number, H: number): number => {
      tree.push({ f: -1, t: 0, ml: false, cats: null, l: -1, r: -1, v: (-G / (H + lambda)) * lr });
      return tree.length - 1;
    };
    const learn = bagIdx ?? idx;
    const rootHist = this.histogram(learn, 0, learn.length, g, h);
    const [G, H, C] = this.totals(rootHist);
    const root: Leaf = { node: newNode(G, H), begin: 0, end: idx.length, bBegin: 0, bEnd: learn.length, depth: 0, hist: rootHist, g: G, h: H, count: C, best: null };
    root.best = this.bestSplit(root);
    const leaves: Leaf[] = [root];
    while (leaves.length < this.p.numLeaves) {
      let pick = -1;
      leaves.forEach((l, i) => {
        if (l.best && (pick < 0 || l.best.gain > (leaves[pick]?.best?.gain ?? 0))) pick = i;
      });
      if (pick < 0) break;
      const leaf = leaves[pick] as Leaf;
      const split = leaf.best as Split;
      const col = this.data.bins[split.f] as Uint8Array;
      // Lookup table bin -> goes left, so the partition loop has no branches on the split kind.
      const goLeft = new Uint8Array(256);
      if (split.cats) for (const b of split.cats) goLeft[b] = 1;
      else {
        goLeft[0] = split.ml ? 1 : 0;
        for (let b = 1; b <= split.t; b++) goLeft[b] = 1;
      }
      // Stable partitions keep rows in ascending order, so children's histograms read memory in order.
      const mid = this.partition(idx, leaf.begin, leaf.end, col, goLeft);
      const bMid = bagIdx ? this.partition(bagIdx, leaf.bBegin, leaf.bEnd, col, goLeft) : mid;
      const leftSmaller = bMid - leaf.bBegin <= leaf.bEnd - bMid;
      const small = leftSmaller ? this.histogram(learn, leaf.bBegin, bMid, g, h) : this.histogram(learn, bMid, leaf.bEnd, g, h);
      const large = this.take(false);
      for (let k = 0; k < large.length; k++) large[k] = (leaf.hist[k] as number) - (small[k] as number);
      const lh = leftSmaller ? small : large;
      const rh = leftSmaller ? large : small;
      const [lg, lhh, lc] = this.totals(lh);
      const [rg, rhh, rc] = this.totals(rh);
      const node = tree[leaf.node] as TreeNode;
      node.f = split.f;
      node.t = split.t;
      node.ml = split.ml;
      node.cats = split.cats;
      const lChild: Leaf = { node: newNode(lg, lhh), begin: leaf.begin, end: mid, bBegin: leaf.bBegin, bEnd: bMid, depth: leaf.depth + 1, hist: lh, g: lg, h: lhh, count: lc, best: null };
      const rChild: Leaf = { node: newNode(rg, rhh), begin: mid, end: leaf.end, bBegin: bMid, bEnd: leaf.bEnd, depth: leaf.depth + 1, hist: rh, g: rg, h: rhh, count: rc, best: null };
      node.l = lChild.node;
      node.r = rChild.node;
      lChild.best = this.bestSplit(lChild);
      rChild.best = this.bestSplit(rChild);
      leaves.splice(pick, 1, lChild, rChild);
      this.pool.push(leaf.hist);
    }
    for (const l of leaves) {
      this.pool.push(l.hist);
      const v = (tree[l.node] as TreeNode).v;
      for (let k = l.begin; k < l.end; k++) pred[idx[k] as number] = (pred[idx[k] as number] as number) + v;
    }
    return tree;
  }
}
