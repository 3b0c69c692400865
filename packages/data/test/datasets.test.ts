import '@x/backend-cpu';
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { ConcatDataset, Dataset, Subset, TensorDataset, randomSplit } from '../src';

class Range extends Dataset<number> {
  constructor(private readonly n: number, private readonly start = 0) { super(); }
  get length() { return this.n; }
  getItem(i: number) { return this.start + i; }
}

describe('TensorDataset', () => {
  it('items are t.at(i) of each tensor', () => {
    const x = torch.arange(6, { dtype: 'float32' }).reshape([3, 2]);
    const y = torch.tensor([7, 8, 9]);
    const ds = new TensorDataset(x, y);
    expect(ds.length).toBe(3);
    const [xi, yi] = ds.getItem(1);
    expect(xi!.tolistSync()).toEqual([2, 3]);
    expect(yi!.itemSync()).toBe(8);
  });
  it('rejects a size mismatch', () => {
    expect(() => new TensorDataset(torch.zeros([3, 2]), torch.zeros([4]))).toThrow(/Size mismatch between tensors/);
  });
});

describe('Subset and ConcatDataset', () => {
  it('Subset maps indices', () => {
    const s = new Subset(new Range(10), [4, 2, 7]);
    expect(s.length).toBe(3);
    expect([0, 1, 2, -1].map((i) => s.getItem(i))).toEqual([4, 2, 7, 7]);
    expect(() => s.getItem(3)).toThrow(/out of range/);
  });
  it('ConcatDataset chains datasets, with negative indices', () => {
    const c = new ConcatDataset([new Range(2), new Range(3, 100), new Range(1, 50)]);
    expect(c.length).toBe(6);
    expect(c.cumulativeSizes).toEqual([2, 5, 6]);
    expect([0, 1, 2, 3, 4, 5, -1, -6].map((i) => c.getItem(i))).toEqual([0, 1, 100, 101, 102, 50, 50, 0]);
    expect(() => c.getItem(-7)).toThrow(/should not exceed dataset length/);
    expect(() => c.getItem(6)).toThrow(/out of range/);
    expect(() => new ConcatDataset([])).toThrow(/should not be an empty iterable/);
  });
});

describe('randomSplit', () => {
  it('splits counts into a disjoint cover, reproducibly', () => {
    const [a, b] = randomSplit(new Range(10), [7, 3], new torch.Generator(42));
    const [a2] = randomSplit(new Range(10), [7, 3], new torch.Generator(42));
    expect(a!.length).toBe(7);
    expect(b!.length).toBe(3);
    expect([...a!.indices, ...b!.indices].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a2!.indices).toEqual(a!.indices);
  });
  it('fractions: floor each, then the remainder round-robin from the first (PyTorch)', () => {
    // 11 * [0.3, 0.3, 0.4] = floor [3, 3, 4], remainder 1 -> [4, 3, 4]
    expect(randomSplit(new Range(11), [0.3, 0.3, 0.4]).map((s) => s.length)).toEqual([4, 3, 4]);
    // 10 * [0.25, 0.25, 0.25, 0.25] -> [2, 2, 2, 2] + 2 -> [3, 3, 2, 2]
    expect(randomSplit(new Range(10), [0.25, 0.25, 0.25, 0.25]).map((s) => s.length)).toEqual([3, 3, 2, 2]);
    expect(randomSplit(new Range(5), [0.8, 0.2]).map((s) => s.length)).toEqual([4, 1]);
  });
  it('uses the global generator by default (manualSeed)', () => {
    torch.manualSeed(3);
    const a = randomSplit(new Range(20), [10, 10])[0]!.indices;
    torch.manualSeed(3);
    expect(randomSplit(new Range(20), [10, 10])[0]!.indices).toEqual(a);
  });
  it('rejects lengths that do not add up', () => {
    expect(() => randomSplit(new Range(10), [5, 4])).toThrow(/Sum of input lengths does not equal/);
    expect(() => randomSplit(new Range(10), [1.5, -0.5])).toThrow(/not between 0 and 1|non-negative/);
  });
});
