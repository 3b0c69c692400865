import '@x/backend-cpu';
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { DataLoader, IterableDataset, getWorkerInfo, type DataLoaderOptions, type WorkerDatasetSpec } from '../src';

// Workers import this plain-JS module through plain Node; it imports @x/data's (and @x/tensor's) built dist,
// so `pnpm build` (turbo's test task depends on it) must have run.
const MODULE = new URL('./fixtures/streams.mjs', import.meta.url);

/** The main thread's view of an iterable dataset: never iterated here; workers rebuild it from workerInit. */
class Remote<T = number> extends IterableDataset<T> {
  constructor(exportName: string, args: unknown[]) {
    super();
    this.workerInit = { module: MODULE, export: exportName, args };
  }
  [Symbol.asyncIterator](): AsyncIterator<T> { throw new Error('iterated in the workers only'); }
}

function workerHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Worker' || r === 'MessagePort').length;
}

async function batches(loader: AsyncIterable<torch.Tensor>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of loader) out.push(b.tolistSync() as number[]);
  return out;
}

function load(ds: IterableDataset<number>, options: DataLoaderOptions<number, torch.Tensor>): Promise<number[][]> {
  return batches(new DataLoader<number, torch.Tensor>(ds, options));
}

// Expected values: torch 1.13, DataLoader(ds, batch_size=..., num_workers=..., drop_last=...) over the same
// IterableDatasets written in Python (sharded with get_worker_info() in __iter__).
describe('DataLoader over an IterableDataset with worker threads', () => {
  it('getWorkerInfo() is null in the main thread', () => {
    expect(getWorkerInfo()).toBeNull();
  });

  it('2 workers, a contiguously sharded stream: round robin, then the partial batches; dropLast', async () => {
    const before = workerHandles();
    const ds = new Remote('RangeStream', [0, 10]); // worker 0: 0..4, worker 1: 5..9
    expect(await load(ds, { batchSize: 3, numWorkers: 2 })).toEqual([[0, 1, 2], [5, 6, 7], [3, 4], [8, 9]]);
    expect(await load(ds, { batchSize: 3, numWorkers: 2, dropLast: true })).toEqual([[0, 1, 2], [5, 6, 7]]);
    expect(workerHandles()).toBe(before);
  });

  it('3 workers: uneven shards, exhausted workers are skipped', async () => {
    const ds = new Remote('RangeStream', [0, 17]); // 0..5, 6..11, 12..16
    expect(await load(ds, { batchSize: 4, numWorkers: 3 })).toEqual([[0, 1, 2, 3], [6, 7, 8, 9], [12, 13, 14, 15], [4, 5], [10, 11], [16]]);
    expect(await load(ds, { batchSize: 4, numWorkers: 3, dropLast: true })).toEqual([[0, 1, 2, 3], [6, 7, 8, 9], [12, 13, 14, 15]]);
    expect(await load(new Remote('RangeStream', [0, 7]), { batchSize: 2, numWorkers: 3 })).toEqual([[0, 1], [3, 4], [6], [2], [5]]);
    const strided = new Remote('RangeStream', [0, 11, { shard: 'strided' }]);
    const expected = [[0, 3], [1, 4], [2, 5], [6, 9], [7, 10], [8]];
    expect(await load(strided, { batchSize: 2, numWorkers: 3 })).toEqual(expected);
    expect(await load(strided, { batchSize: 2, numWorkers: 3, prefetchFactor: 1 })).toEqual(expected);
  });

  it('workers whose streams end at different times (sync iterables; some empty)', async () => {
    const ds = new Remote('PerWorker', [[1, 5, 3]]);
    const expected = [[0], [100, 101], [200, 201], [102, 103], [202], [104]];
    expect(await load(ds, { batchSize: 2, numWorkers: 3 })).toEqual(expected);
    expect(await load(ds, { batchSize: 2, numWorkers: 3, prefetchFactor: 1 })).toEqual(expected);
    expect(await load(ds, { batchSize: 2, numWorkers: 3, dropLast: true })).toEqual([[100, 101], [200, 201], [102, 103]]);
    expect(await load(new Remote('PerWorker', [[0, 4, 0, 3]]), { batchSize: 2, numWorkers: 4 })).toEqual([[100, 101], [300, 301], [102, 103], [302]]);
  });

  it('without sharding every worker yields the whole stream (duplicates), as PyTorch', async () => {
    const ds = new Remote('RangeStream', [0, 5, { shard: 'none' }]);
    expect(await load(ds, { batchSize: 2, numWorkers: 2 })).toEqual([[0, 1], [0, 1], [2, 3], [2, 3], [4], [4]]);
    expect(await load(ds, { batchSize: 2, numWorkers: 2, dropLast: true })).toEqual([[0, 1], [0, 1], [2, 3], [2, 3]]);
  });

  it('getWorkerInfo() in workers: id, numWorkers, seed (base seed + id), for every copy of @x/data, from the constructor on', async () => {
    type Info = { id: number; numWorkers: number; seed: bigint; frozen: boolean; cjsSame: boolean; atBuildSame: boolean; noise: number };
    const run = async () => {
      const out: Info[] = [];
      const loader = new DataLoader<Info, Info[]>(new Remote<Info>('InfoStream', []), { batchSize: 1, numWorkers: 3, collateFn: (items) => items });
      for await (const [info] of loader) out.push(info!);
      return out;
    };
    torch.manualSeed(7);
    const infos = await run();
    expect(infos.map((i) => [i.id, i.numWorkers])).toEqual([[0, 3], [1, 3], [2, 3]]);
    for (const i of infos) {
      expect(typeof i.seed).toBe('bigint');
      expect(i.seed).toBe(BigInt.asUintN(64, infos[0]!.seed + BigInt(i.id)));
      expect(i).toMatchObject({ frozen: true, cjsSame: true, atBuildSame: true });
    }
    expect(new Set(infos.map((i) => i.noise)).size).toBe(3); // each worker's generator is seeded with its own seed
    torch.manualSeed(7);
    expect(await run()).toEqual(infos); // the seeds come from the loader's (here the global) generator
    expect(getWorkerInfo()).toBeNull();
  });

  it('an exception while a worker iterates names the worker and shuts every worker down', async () => {
    const before = workerHandles();
    const loader = new DataLoader<number, torch.Tensor>(new Remote('RangeStream', [0, 20, { failAt: 13 }]), { batchSize: 2, numWorkers: 2 });
    const seen: number[][] = [];
    let error: Error | null = null;
    try {
      for await (const b of loader) seen.push(b.tolistSync() as number[]);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/^Caught RangeError in DataLoader worker process 1 while iterating the dataset: item 13 is broken\n/);
    expect(error?.message).toMatch(/Original traceback in the worker:\nRangeError: item 13 is broken\n\s+at /);
    expect(seen).toEqual([[0, 1], [10, 11], [2, 3]]);
    expect(loader.activeWorkers).toBe(0);
    expect(workerHandles()).toBe(before);
  });

  it('persistent workers: a failure still terminates them', async () => {
    const before = workerHandles();
    const loader = new DataLoader<number, torch.Tensor>(new Remote('RangeStream', [0, 6, { failAt: 4 }]), { batchSize: 2, numWorkers: 2, persistentWorkers: true });
    await expect(batches(loader)).rejects.toThrow(/worker process 1 while iterating the dataset: item 4 is broken/);
    expect(loader.activeWorkers).toBe(0);
    expect(workerHandles()).toBe(before);
  });

  it('a replica that is not iterable, a module without the export, and a missing spec are reported', async () => {
    const notIterable: WorkerDatasetSpec = { module: new URL('./fixtures/squares.mjs', import.meta.url), export: 'SquaresDataset', args: [4] };
    await expect(load(new Remote('RangeStream', [0, 4]), { numWorkers: 1, workerDataset: notIterable }))
      .rejects.toThrow(/worker process 0 while iterating the dataset: the dataset built from 'SquaresDataset' is not iterable/);
    await expect(load(new Remote('Nope', []), { numWorkers: 2 })).rejects.toThrow(/worker process 0 while building the dataset: module .* has no export 'Nope'/);
    const local = (async function* () { yield 1; })();
    expect(() => new DataLoader(local, { numWorkers: 2 })).toThrow(/numWorkers > 0 needs to know how worker threads rebuild the dataset: give the option workerDataset/);
  });

  it('breaking out early terminates the workers', async () => {
    const before = workerHandles();
    const loader = new DataLoader<number, torch.Tensor>(new Remote('RangeStream', [0, 1000]), { batchSize: 2, numWorkers: 2 });
    for await (const b of loader) {
      expect(b.tolistSync()).toEqual([0, 1]);
      break;
    }
    expect(loader.activeWorkers).toBe(0);
    expect(workerHandles()).toBe(before);
  });

  it('persistent workers: each epoch restarts the stream of the same replicas; an early break too', async () => {
    const before = workerHandles();
    const loader = new DataLoader<number, torch.Tensor>(new Remote('Restarting', [3]), { batchSize: 2, numWorkers: 2, persistentWorkers: true });
    expect(await batches(loader)).toEqual([[10, 11], [110, 111], [12], [112]]);
    expect(loader.activeWorkers).toBe(2);
    expect(workerHandles()).toBe(before); // alive, but unref'd between epochs
    expect(await batches(loader)).toEqual([[20, 21], [120, 121], [22], [122]]);
    for await (const b of loader) { // epoch 3, left after one batch
      expect(b.tolistSync()).toEqual([30, 31]);
      break;
    }
    expect(loader.activeWorkers).toBe(2);
    expect(await batches(loader)).toEqual([[40, 41], [140, 141], [42], [142]]);
    await loader.close();
    expect(loader.activeWorkers).toBe(0);
    expect(workerHandles()).toBe(before);
  });

  it('length keeps its meaning for iterable datasets', () => {
    const loader = new DataLoader(new Remote('RangeStream', [0, 4]), { numWorkers: 2 });
    expect(() => loader.length).toThrow(/this IterableDataset has no length/);
  });
});
