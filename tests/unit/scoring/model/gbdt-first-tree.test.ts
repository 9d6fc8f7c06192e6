import { describe, expect, it } from 'vitest';
import { trainGbdt, type GbdtParams } from '../../../../electron/scoring/model/gbdt';

const params: GbdtParams = {
  iterations: 1,
  learningRate: 0.1,
  numLeaves: 31,
  maxDepth: 6,
  minDataInLeaf: 1,
  minHessianInLeaf: 0,
  lambda: 1,
  catLambda: 0,
  minGain: 0,
  subsample: 1,
};

describe('GBDT first tree, worked by hand', () => {
  it('splits where the labels change and sets leaves to the Newton step -G/(H+lambda) x learning rate', () => {
    // Bins 1,1,2,2 with labels 0,0,1,1: the prior is 0.5, so g = p - y = ±0.5 and h = 0.25 per row.
    const bins = [Uint8Array.of(1, 1, 2, 2)];
    const model = trainGbdt({ bins, nBins: [3], categorical: [false] }, Uint8Array.of(0, 0, 1, 1), params);
    expect(model.init).toBeCloseTo(0, 12);
    const tree = model.trees[0];
    if (!tree) throw new Error('no tree');
    const root = tree[0];
    expect(root).toMatchObject({ f: 0, t: 1, cats: null });
    // Left: G = 1, H = 0.5 -> -1 / 1.5 * 0.1; right the opposite.
    expect(tree[root?.l ?? -1]?.v).toBeCloseTo(-0.1 / 1.5, 12);
    expect(tree[root?.r ?? -1]?.v).toBeCloseTo(0.1 / 1.5, 12);
    expect(tree).toHaveLength(3);
  });

  it('groups categories by their gradient ratio and sends missing values where they help', () => {
    // Categories (bins) 1 and 3 convert, 2 and 4 do not; bin 0 (missing) converts.
    const cat = Uint8Array.of(1, 3, 2, 4, 1, 3, 2, 4);
    const y = Uint8Array.of(1, 1, 0, 0, 1, 1, 0, 0);
    const catModel = trainGbdt({ bins: [cat], nBins: [5], categorical: [true] }, y, { ...params, catLambda: 0 });
    const root = catModel.trees[0]?.[0];
    // Categories are ordered by G/H, so the left side holds the converting ones (negative gradients).
    expect(new Set(root?.cats)).toEqual(new Set([1, 3]));
    expect(catModel.trees[0]?.[root?.l ?? -1]?.v).toBeGreaterThan(0);
    const num = Uint8Array.of(0, 0, 1, 1, 2, 2, 3, 3);
    const numModel = trainGbdt({ bins: [num], nBins: [4], categorical: [false] }, Uint8Array.of(1, 1, 0, 0, 0, 0, 1, 1), {
      ...params,
      numLeaves: 2,
    });
    const split = numModel.trees[0]?.[0];
    // Best single split: {missing, 3} vs {1, 2} — threshold 2 with missing sent right, beside bin 3.
    expect(split).toMatchObject({ f: 0, t: 2, ml: false });
  });
});
