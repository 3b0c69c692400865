import '@x/backend-cpu';
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { BatchSampler, RandomSampler, SequentialSampler, SubsetRandomSampler, WeightedRandomSampler } from '../src';

const src = (n: number) => ({ length: n });
const sorted = (a: number[]) => [...a].sort((p, q) => p - q);

describe('samplers', () => {
  it('SequentialSampler', () => {
    expect([...new SequentialSampler(src(4))]).toEqual([0, 1, 2, 3]);
    expect(new SequentialSampler(src(4)).length).toBe(4);
  });

  it('RandomSampler: a permutation, new each iteration, reproducible under manualSeed', () => {
    const s = new RandomSampler(src(10));
    torch.manualSeed(0);
    const e1 = [...s];
    const e2 = [...s];
    expect(sorted(e1)).toEqual([...Array(10).keys()]);
    expect(e2).not.toEqual(e1);
    torch.manualSeed(0);
    expect([...s]).toEqual(e1);
    expect([...s]).toEqual(e2);
  });

  it('RandomSampler: numSamples without replacement repeats whole permutations', () => {
    const s = new RandomSampler(src(4), { numSamples: 10, generator: new torch.Generator(1) });
    const out = [...s];
    expect(out.length).toBe(10);
    expect(sorted(out.slice(0, 4))).toEqual([0, 1, 2, 3]);
    expect(sorted(out.slice(4, 8))).toEqual([0, 1, 2, 3]);
    expect(new Set(out.slice(8)).size).toBe(2);
  });

  it('RandomSampler: with replacement, numSamples draws in range', () => {
    const out = [...new RandomSampler(src(3), { replacement: true, numSamples: 50, generator: new torch.Generator(2) })];
    expect(out.length).toBe(50);
    expect(out.every((i) => i >= 0 && i < 3)).toBe(true);
    expect(new Set(out).size).toBe(3);
    expect(() => new RandomSampler(src(3), { numSamples: 0 })).toThrow(/num_samples should be a positive integer value, but got num_samples=0/);
  });

  it('RandomSampler with a generator is reproducible from that generator', () => {
    const a = [...new RandomSampler(src(8), { generator: new torch.Generator(5) })];
    const b = [...new RandomSampler(src(8), { generator: new torch.Generator(5) })];
    expect(a).toEqual(b);
  });

  it('SubsetRandomSampler permutes the given indices', () => {
    const s = new SubsetRandomSampler([10, 20, 30, 40], { generator: new torch.Generator(0) });
    expect(sorted([...s])).toEqual([10, 20, 30, 40]);
    expect(s.length).toBe(4);
  });

  it('WeightedRandomSampler follows the weights', () => {
    const s = new WeightedRandomSampler([0, 1, 3], 4000, { generator: new torch.Generator(0) });
    const out = [...s];
    expect(out.filter((i) => i === 0).length).toBe(0);
    const frac2 = out.filter((i) => i === 2).length / out.length;
    expect(frac2).toBeGreaterThan(0.7);
    expect(frac2).toBeLessThan(0.8);
    const noRep = [...new WeightedRandomSampler([1, 0, 5, 2], 3, { replacement: false, generator: new torch.Generator(1) })];
    expect(sorted(noRep)).toEqual([0, 2, 3]);
    expect(() => new WeightedRandomSampler([1, 0], 2, { replacement: false })).toThrow(/without replacement/);
    expect(() => new WeightedRandomSampler([1, 2], -1)).toThrow(/num_samples should be a positive integer/);
  });

  it('BatchSampler groups indices, dropLast as PyTorch', () => {
    const seq = new SequentialSampler(src(7));
    expect([...new BatchSampler(seq, 3, false)]).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect([...new BatchSampler(seq, 3, true)]).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(new BatchSampler(seq, 3, false).length).toBe(3);
    expect(new BatchSampler(seq, 3, true).length).toBe(2);
    expect(() => new BatchSampler(seq, 0, false)).toThrow(/batch_size should be a positive integer value, but got batch_size=0/);
  });
});
