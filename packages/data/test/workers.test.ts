import '@x/backend-cpu';
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { DataLoader, Dataset, type WorkerDatasetSpec } from '../src';
import type { SquaresItem } from './fixtures/squares.mjs';

// Workers import this plain-JS module through Node (and @x/tensor's dist), never the TS sources.
const MODULE = new URL('./fixtures/squares.mjs', import.meta.url);

/** The main thread's view of the dataset: only its length is read; workers rebuild it from workerInit. */
class Remote extends Dataset<SquaresItem> {
  constructor(readonly n: number, readonly options: { failAt?: number; work?: number } = {}, exportName = 'SquaresDataset') {
    super();
    this.workerInit = { module: MODULE, export: exportName, args: exportName === 'SquaresDataset' ? [n, options] : [n] };
  }
  get length() { return this.n; }
  getItem(): never { throw new Error('loaded in the workers only'); }
}

type Batch = { x: torch.Tensor; y: torch.Tensor; tag: string[]; noise: torch.Tensor };

function workerHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Worker' || r === 'MessagePort').length;
}

describe('DataLoader with worker threads', () => {
  it('loads batches in parallel and yields them in order, collated', async () => {
    const before = workerHandles();
    const loader = new DataLoader<SquaresItem, Batch>(new Remote(23), { batchSize: 4, numWorkers: 3, prefetchFactor: 2 });
    const ys: number[] = [];
    for await (const b of loader) {
      expect(b.x.dtype).toBe('float32');
      expect(b.x.tolistSync()).toEqual((b.y.tolistSync() as number[]).map((i) => [i, i * i]));
      expect(b.y.dtype).toBe('int64');
      expect(b.tag).toEqual((b.y.tolistSync() as number[]).map((i) => `s${i}`));
      ys.push(...(b.y.tolistSync() as number[]));
    }
    expect(ys).toEqual([...Array(23).keys()]);
    expect(loader.activeWorkers).toBe(0);
    expect(workerHandles()).toBe(before);
  });

  it('shuffles in the main thread, reproducibly; the workerDataset option and factory exports work', async () => {
    const spec: WorkerDatasetSpec = { module: MODULE, export: 'makeSquares', args: [10] };
    const loader = new DataLoader<SquaresItem, Batch>(new Remote(10), { batchSize: 3, shuffle: true, numWorkers: 2, workerDataset: spec });
    const epoch = async () => { const out: number[] = []; for await (const b of loader) out.push(...(b.y.tolistSync() as number[])); return out; };
    torch.manualSeed(1);
    const a = await epoch();
    torch.manualSeed(1);
    expect(await epoch()).toEqual(a);
    expect([...a].sort((p, q) => p - q)).toEqual([...Array(10).keys()]);
  });

  it('workers are seeded from the loader: same manualSeed, same random transforms', async () => {
    const run = async () => {
      torch.manualSeed(5);
      const out: number[][] = [];
      for await (const b of new DataLoader<SquaresItem, Batch>(new Remote(6), { batchSize: 2, numWorkers: 2 })) out.push(b.noise.flatten().tolistSync() as number[]);
      return out;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(a[0]).not.toEqual(a[1]); // two workers, two seeds
  });

  it('an error in a worker names the worker and the sample index, and shuts every worker down', async () => {
    const before = workerHandles();
    const loader = new DataLoader<SquaresItem, Batch>(new Remote(20, { failAt: 9 }), { batchSize: 2, numWorkers: 2 });
    const seen: number[] = [];
    let error: Error | null = null;
    try {
      for await (const b of loader) seen.push(...(b.y.tolistSync() as number[]));
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/Caught RangeError in DataLoader worker process 0 on sample index 9: sample 9 is broken/);
    expect(seen).toEqual([...Array(8).keys()]);
    expect(loader.activeWorkers).toBe(0);
    expect(workerHandles()).toBe(before);
  });

  it('a dataset that cannot be built is reported', async () => {
    const loader = new DataLoader(new Remote(4), { numWorkers: 1, workerDataset: { module: MODULE, export: 'Nope' } });
    await expect((async () => { for await (const _ of loader) { /* none */ } })()).rejects.toThrow(/worker process 0 while building the dataset: module .* has no export 'Nope'/);
  });

  it('breaking out early terminates the workers', async () => {
    const before = workerHandles();
    const loader = new DataLoader<SquaresItem, Batch>(new Remote(100), { batchSize: 2, numWorkers: 2 });
    for await (const b of loader) {
      expect(b.y.tolistSync()).toEqual([0, 1]);
      break;
    }
    expect(loader.activeWorkers).toBe(0);
    expect(workerHandles()).toBe(before);
  });

  it('persistentWorkers keeps the threads across epochs until close(), without holding the process open between epochs', async () => {
    const before = workerHandles();
    const loader = new DataLoader<SquaresItem, Batch>(new Remote(8), { batchSize: 4, numWorkers: 2, persistentWorkers: true });
    for (let epoch = 0; epoch < 3; epoch++) {
      const ys: number[] = [];
      for await (const b of loader) ys.push(...(b.y.tolistSync() as number[]));
      expect(ys).toEqual([...Array(8).keys()]);
      expect(loader.activeWorkers).toBe(2);
      expect(workerHandles()).toBe(before); // alive (activeWorkers), but unref'd: they do not keep the process running
    }
    for await (const _ of loader) break; // an early break keeps them too; the stale batches are dropped
    const ys: number[] = [];
    for await (const b of loader) ys.push(...(b.y.tolistSync() as number[]));
    expect(ys).toEqual([...Array(8).keys()]);
    await loader.close();
    expect(loader.activeWorkers).toBe(0);
    expect(workerHandles()).toBe(before);
  });
});
