import '@x/backend-cpu';
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { BatchSampler, DataLoader, Dataset, IterableDataset, SequentialSampler, TensorDataset } from '../src';

class Range extends Dataset<number> {
  constructor(private readonly n: number) { super(); }
  get length() { return this.n; }
  async getItem(i: number) { return i; }
}

class Stream extends IterableDataset<number> {
  async *[Symbol.asyncIterator]() { for (let i = 0; i < 5; i++) yield i; }
}

async function collect<B>(loader: AsyncIterable<B>): Promise<B[]> {
  const out: B[] = [];
  for await (const b of loader) out.push(b);
  return out;
}
const lists = async (l: DataLoader<number, torch.Tensor>) => (await collect(l)).map((b) => b.tolistSync());

describe('DataLoader', () => {
  it('batches in order; length respects dropLast', async () => {
    const l = new DataLoader<number, torch.Tensor>(new Range(7), { batchSize: 3 });
    expect(l.length).toBe(3);
    expect(await lists(l)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    const d = new DataLoader<number, torch.Tensor>(new Range(7), { batchSize: 3, dropLast: true });
    expect(d.length).toBe(2);
    expect(await lists(d)).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(await lists(new DataLoader<number, torch.Tensor>(new Range(2)))).toEqual([[0], [1]]);
  });

  it('TensorDataset: [x, y] batches', async () => {
    const x = torch.randn([10, 3]);
    const y = torch.arange(10);
    const batches = await collect(new DataLoader(new TensorDataset(x, y), { batchSize: 4 })) as torch.Tensor[][];
    expect(batches.map(([bx, by]) => [bx!.shape, by!.shape])).toEqual([[[4, 3], [4]], [[4, 3], [4]], [[2, 3], [2]]]);
    expect(batches[2]![1]!.tolistSync()).toEqual([8, 9]);
  });

  it('shuffle: a new permutation per epoch, reproducible under manualSeed', async () => {
    const l = new DataLoader<number, torch.Tensor>(new Range(12), { batchSize: 4, shuffle: true });
    torch.manualSeed(0);
    const e1 = (await lists(l)).flat() as number[];
    const e2 = (await lists(l)).flat() as number[];
    expect([...e1].sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    expect(e2).not.toEqual(e1);
    torch.manualSeed(0);
    expect((await lists(l)).flat()).toEqual(e1);
    expect((await lists(l)).flat()).toEqual(e2);
  });

  it('shuffle with a generator', async () => {
    const a = new DataLoader<number, torch.Tensor>(new Range(9), { batchSize: 9, shuffle: true, generator: new torch.Generator(7) });
    const b = new DataLoader<number, torch.Tensor>(new Range(9), { batchSize: 9, shuffle: true, generator: new torch.Generator(7) });
    expect(await lists(a)).toEqual(await lists(b));
  });

  it('sampler, batchSampler and collateFn', async () => {
    const l = new DataLoader(new Range(6), { batchSampler: new BatchSampler(new SequentialSampler({ length: 6 }), 4, false), collateFn: (b: number[]) => b.join(',') });
    expect(l.length).toBe(2);
    expect(await collect(l)).toEqual(['0,1,2,3', '4,5']);
    const s = new DataLoader(new Range(6), { sampler: [5, 4, 3], batchSize: 2, collateFn: (b: number[]) => b });
    expect(await collect(s)).toEqual([[5, 4], [3]]);
  });

  it('iterable datasets are batched as they stream', async () => {
    const l = new DataLoader<number, torch.Tensor>(new Stream(), { batchSize: 2 });
    expect((await collect(l)).map((b) => b.tolistSync())).toEqual([[0, 1], [2, 3], [4]]);
    expect(() => new DataLoader(new Stream(), { shuffle: true })).toThrow(/expected unspecified shuffle option/);
  });

  it('option conflicts read like PyTorch', () => {
    const ds = new Range(4);
    const bs = new BatchSampler(new SequentialSampler(ds), 2, false);
    expect(() => new DataLoader(ds, { sampler: [0], shuffle: true })).toThrow(/sampler option is mutually exclusive with shuffle/);
    for (const extra of [{ batchSize: 2 }, { shuffle: true }, { sampler: [0] }, { dropLast: true }]) {
      expect(() => new DataLoader(ds, { batchSampler: bs, ...extra })).toThrow(/batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast/);
    }
    expect(() => new DataLoader(ds, { numWorkers: -1 })).toThrow(/should be non-negative/);
    expect(() => new DataLoader(ds, { prefetchFactor: 2 })).toThrow(/prefetchFactor option could only be specified/);
    expect(() => new DataLoader(ds, { persistentWorkers: true })).toThrow(/persistentWorkers option needs numWorkers > 0/);
    expect(() => new DataLoader(ds, { numWorkers: 2 })).toThrow(/workerDataset/);
  });

  it('pinMemory is accepted (a no-op on the CPU)', async () => {
    const l = new DataLoader<number, torch.Tensor>(new Range(3), { batchSize: 3, pinMemory: true });
    expect(await lists(l)).toEqual([[0, 1, 2]]);
  });
});
