// With PyTorch's CPU stream, a seed shuffles as PyTorch 1.13 does: the DataLoader's order epoch by epoch
// (the iterator's base seed, then the sampler's own seed, then randperm), random_split and the samplers
// (fixtures: scripts/shuffle_goldens.py).
import '@x/backend-cpu';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { DataLoader, Dataset, RandomSampler, SubsetRandomSampler, randomSplit } from '../src';

const golden = JSON.parse(readFileSync(new URL('./fixtures/shuffle.json', import.meta.url), 'utf8')) as Record<string, unknown>;

class Range extends Dataset<number> {
  constructor(private readonly n: number) { super(); }
  get length() { return this.n; }
  getItem(i: number) { return i; }
}

async function epoch(loader: DataLoader<number, torch.Tensor>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of loader) out.push(b.tolistSync() as number[]);
  return out;
}

describe('shuffling is PyTorch\'s', () => {
  it('DataLoader(shuffle) after manualSeed(0): three epochs', async () => {
    torch.manualSeed(0);
    const loader = new DataLoader<number, torch.Tensor>(new Range(10), { batchSize: 4, shuffle: true });
    expect([await epoch(loader), await epoch(loader), await epoch(loader)]).toEqual(golden['loader, seed 0, three epochs']);
  });

  it('DataLoader with its own generator: its order, and the global stream untouched', async () => {
    torch.manualSeed(0);
    const loader = new DataLoader<number, torch.Tensor>(new Range(10), { batchSize: 4, shuffle: true, generator: new torch.Generator().manualSeed(3) });
    const epochs = [await epoch(loader), await epoch(loader)];
    const rand = Array.from(torch.rand(2).dataSync(), Number);
    const [expectedEpochs, expectedRand] = golden['loader with a generator seeded 3, two epochs, then torch.rand(2)'] as [number[][][], number[]];
    expect(epochs).toEqual(expectedEpochs);
    expect(rand.map(Math.fround)).toEqual(expectedRand.map(Math.fround));
  });

  it('randomSplit, RandomSampler (with and without replacement) and SubsetRandomSampler', () => {
    torch.manualSeed(1);
    expect(randomSplit(new Range(10), [3, 7]).map((s) => s.indices)).toEqual(golden['random_split([3, 7]), seed 1']);
    torch.manualSeed(2);
    expect([...new RandomSampler(new Range(10), { replacement: true, numSamples: 40 })]).toEqual(golden['RandomSampler(replacement, 40 samples), seed 2']);
    torch.manualSeed(2);
    expect([...new RandomSampler(new Range(10), { numSamples: 25 })]).toEqual(golden['RandomSampler(25 samples), seed 2']);
    torch.manualSeed(4);
    expect([...new SubsetRandomSampler([5, 7, 9, 11])]).toEqual(golden['SubsetRandomSampler([5, 7, 9, 11]), seed 4']);
  });
});
