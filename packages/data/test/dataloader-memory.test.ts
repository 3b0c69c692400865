// The DataLoader frees the tensors a dataset creates per sample once the batch is stacked (default
// collate, samples made synchronously), as PyTorch frees them, and leaves alone the tensors a dataset
// stores and returns; async samples still load.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import { DataLoader, Dataset } from '../src/index';

class Made extends Dataset<[torch.Tensor, number]> {
  get length(): number {
    return 10;
  }
  getItem(i: number): [torch.Tensor, number] {
    return [torch.full([3], i).mul(2).add(1), i]; // three tensors per sample, one returned
  }
}

class Stored extends Dataset<torch.Tensor> {
  readonly items = Array.from({ length: 6 }, (_, i) => torch.full([2], i));
  get length(): number {
    return this.items.length;
  }
  getItem(i: number): torch.Tensor {
    return this.items[i]!;
  }
}

class Mixed extends Dataset<torch.Tensor> {
  get length(): number {
    return 4;
  }
  getItem(i: number): torch.Tensor | Promise<torch.Tensor> {
    return i % 2 === 0 ? torch.full([1], i) : Promise.resolve(torch.full([1], i));
  }
}

const live = () => torch.memory('cpu').tensors;

async function batches<T, B>(loader: DataLoader<T, B>): Promise<B[]> {
  const out: B[] = [];
  for await (const b of loader as AsyncIterable<B>) out.push(b);
  return out;
}

describe('DataLoader memory', () => {
  it('frees the per-sample tensors once stacked: only the batches stay live', async () => {
    const before = live();
    const got = await batches(new DataLoader(new Made(), { batchSize: 4 }));
    expect(got.map(([x]) => x.tolistSync())).toEqual([
      [[1, 1, 1], [3, 3, 3], [5, 5, 5], [7, 7, 7]],
      [[9, 9, 9], [11, 11, 11], [13, 13, 13], [15, 15, 15]],
      [[17, 17, 17], [19, 19, 19]],
    ]);
    expect(got.map(([, y]) => y.tolistSync())).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(live() - before).toBe(6); // 3 batches of [x, y]
    torch.dispose(got);
    expect(live()).toBe(before);
  });

  it('leaves the tensors a dataset stores and returns alone, epoch after epoch', async () => {
    const ds = new Stored();
    const loader = new DataLoader(ds, { batchSize: 4 });
    for (let epoch = 0; epoch < 2; epoch++) {
      const got = await batches(loader);
      expect(got.map((b) => b.tolistSync())).toEqual([[[0, 0], [1, 1], [2, 2], [3, 3]], [[4, 4], [5, 5]]]);
      torch.dispose(got);
    }
    expect(ds.items.every((t) => !t.isDisposed)).toBe(true);
  });

  it('still loads samples that arrive as promises, each getItem called once', async () => {
    const ds = new Mixed();
    let calls = 0;
    const getItem = ds.getItem.bind(ds);
    ds.getItem = (i: number) => (calls++, getItem(i));
    const got = await batches(new DataLoader(ds, { batchSize: 4 }));
    expect(got.map((b) => b.tolistSync())).toEqual([[[0], [1], [2], [3]]]);
    expect(calls).toBe(4);
  });
});
