/** One node; leaves have f = -1. Internal nodes keep their value too, for path-based explanations. */
export interface TreeNode {
  f: number;
  /** Numeric split: bin <= t goes left. */
  t: number;
  /** Numeric split: where the missing bin goes. */
  ml: boolean;
  /** Categorical split: the bins that go left. */
  cats: number[] | null;
  l: number;
  r: number;
  v: number;
}

export type Tree = TreeNode[];

export function goesLeft(node: TreeNode, bin: number): boolean {
  if (node.cats) return node.cats.includes(bin);
  return bin === 0 ? node.ml : bin <= node.t;
}

export function treeOutput(tree: Tree, rowBins: (f: number) => number): number {
  let n = tree[0] as TreeNode;
  while (n.f >= 0) n = tree[goesLeft(n, rowBins(n.f)) ? n.l : n.r] as TreeNode;
  return n.v;
}

/** Saabas attribution: each step down the path credits its feature with the change in node value. */
export function addTreeContributions(tree: Tree, rowBins: (f: number) => number, out: Float64Array): void {
  let n = tree[0] as TreeNode;
  while (n.f >= 0) {
    const next = tree[goesLeft(n, rowBins(n.f)) ? n.l : n.r] as TreeNode;
    out[n.f] = (out[n.f] as number) + next.v - n.v;
    n = next;
  }
}
