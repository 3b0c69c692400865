// torch.utils.data.DataLoader: batches of a dataset, in this thread or in worker threads.
import { defaultDevice, defineSignature, flush, tidy, type Generator } from '@x/tensor';
import { bindWithValue } from './bind';
import { isIterableDataset, isMapDataset, type DatasetLike, type WorkerDatasetSpec } from './dataset';
import { BatchSampler, RandomSampler, SequentialSampler, type Sampler } from './sampler';
import { defaultCollate, type CollateFn, type Collated } from './collate';
import { drawSeed } from './seed';
import { WorkerPool } from './worker-pool';
import { checkTimeout, withTimeout } from './timeout';
import { nodeThreads } from './node-threads';

/** DataLoader's options, PyTorch's keyword arguments in camelCase (`batchSize`, `shuffle`, `collateFn`, `numWorkers`...). */
export interface DataLoaderOptions<T, B> {
  batchSize?: number;
  shuffle?: boolean;
  sampler?: Sampler<number>;
  batchSampler?: Sampler<number[]>;
  numWorkers?: number;
  collateFn?: CollateFn<T, B>;
  /** Accepted for PyTorch compatibility: a no-op on the CPU (batches are already in host memory). */
  pinMemory?: boolean;
  dropLast?: boolean;
  generator?: Generator;
  /** Batches in flight per worker (default 2); only with numWorkers > 0. */
  prefetchFactor?: number;
  /**
   * Keep the worker threads between epochs (`close()` ends them; between epochs they do not keep the
   * process alive, so a program that never calls close() still exits).
   */
  persistentWorkers?: boolean;
  /** Seconds to wait for a batch (its items, in this thread or a worker) before failing; 0 (default) waits forever. */
  timeout?: number;
  /** How workers rebuild the dataset; defaults to `dataset.workerInit`. */
  workerDataset?: WorkerDatasetSpec;
  /** PyTorch's; not supported (workers rebuild the dataset from workerDataset): only null. */
  workerInitFn?: null;
  /** PyTorch's; does not apply to worker threads: only null. */
  multiprocessingContext?: null;
  /** PyTorch's; does not apply here: only ''. */
  pinMemoryDevice?: string;
}

const DATALOADER = defineSignature(
  "data.DataLoader(dataset: Dataset | IterableDataset, batchSize: number = 1, shuffle: boolean | null = null, sampler: Sampler | null = null, batchSampler: Sampler | null = null, numWorkers: number = 0, collateFn: Function | null = null, pinMemory: boolean = false, dropLast: boolean = false, timeout: number = 0, workerInitFn: Function | null = null, multiprocessingContext: unknown = null, generator: Generator | null = null, *, prefetchFactor?: number, persistentWorkers: boolean = false, pinMemoryDevice: string = '', workerDataset?: WorkerDatasetSpec)",
  { doc: 'Batches of a dataset, in order or shuffled, in this thread or in worker threads.' },
);

const isDatasetValue = (x: unknown): boolean => isMapDataset(x) || isIterableDataset(x);

const MUTEX_BATCH = 'DataLoader: batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast';

/**
 * torch.utils.data.DataLoader: batches of a dataset, as an async iterable (`for await (const [x, y] of loader)`),
 * in this thread or in Node worker threads (`numWorkers`). Without a `collateFn`, batches are typed by the
 * samples: a `Dataset<[Tensor, number]>` gives `[Tensor, Tensor]` batches (see `Collated`).
 */
export class DataLoader<T = unknown, B = Collated<T>> implements AsyncIterable<B> {
  /** Samples per batch (PyTorch: batch_size). */
  readonly batchSize: number;
  /** Whether the last, smaller batch is dropped (PyTorch: drop_last). */
  readonly dropLast: boolean;
  /** How many worker threads load batches (0: in the calling thread); PyTorch's `num_workers`. */
  readonly numWorkers: number;
  /** Batches loaded ahead per worker; PyTorch's `prefetch_factor`. */
  readonly prefetchFactor: number;
  /** Whether the workers outlive one pass over the data; PyTorch's `persistent_workers`. */
  readonly persistentWorkers: boolean;
  /** PyTorch's `pin_memory` (accepted; no effect on these devices). */
  readonly pinMemory: boolean;
  /** Seconds to wait for a batch before failing (0: no limit); PyTorch's `timeout`. */
  readonly timeout: number;
  /** The random generator shuffling draws from (undefined: the global one). */
  readonly generator: Generator | undefined;
  /** The sampler that orders the indices (undefined with a batchSampler or an iterable dataset). */
  readonly sampler: Sampler<number> | undefined;
  /** The sampler of index batches, when batching is on; PyTorch's `batch_sampler`. */
  readonly batchSampler: Sampler<number[]> | undefined;
  private readonly collateFn: CollateFn<T, B>;
  private readonly workerSpec: WorkerDatasetSpec | undefined;
  private pool: WorkerPool | null = null;
  /** Epochs started over an iterable dataset in workers: a new one makes (persistent) workers restart their stream. */
  private epoch = 0;

  /** The dataset the batches come from. */
  readonly dataset: DatasetLike<T>;

  /** `new DataLoader(dataset, { batchSize: 32, shuffle: true })`, PyTorch's order by position, or `{ dataset, ... }`. */
  constructor(dataset: DatasetLike<T>, options?: DataLoaderOptions<T, B>);
  constructor(dataset: DatasetLike<T>, batchSize?: number, shuffle?: boolean | null, ...rest: unknown[]);
  constructor(options: DataLoaderOptions<T, B> & { dataset: DatasetLike<T> });
  constructor(...args: unknown[]) {
    const bound = bindWithValue<Omit<DataLoaderOptions<T, B>, 'workerInitFn' | 'multiprocessingContext'> & { dataset: DatasetLike<T>; shuffle: boolean | null; workerInitFn: unknown; multiprocessingContext: unknown; pinMemoryDevice: string }>(DATALOADER, args, isDatasetValue);
    const { dataset, ...given } = bound;
    // PyTorch's None defaults mean "not given"
    const o = {
      ...given,
      shuffle: given.shuffle ?? undefined,
      sampler: given.sampler ?? undefined,
      batchSampler: given.batchSampler ?? undefined,
      collateFn: given.collateFn ?? undefined,
      generator: given.generator ?? undefined,
    };
    this.dataset = dataset;
    if (o.workerInitFn !== null) {
      throw new TypeError('DataLoader: workerInitFn is not supported (worker threads rebuild the dataset from workerDataset / dataset.workerInit; read getWorkerInfo() there instead)');
    }
    if (o.multiprocessingContext !== null) throw new TypeError('DataLoader: multiprocessingContext does not apply (workers are threads); leave it null');
    if (o.pinMemoryDevice !== '') throw new TypeError(`DataLoader: pinMemoryDevice does not apply here (got '${o.pinMemoryDevice}'); leave it ''`);
    this.batchSize = o.batchSize ?? 1;
    this.dropLast = o.dropLast ?? false;
    this.numWorkers = o.numWorkers ?? 0;
    this.pinMemory = o.pinMemory ?? false;
    this.persistentWorkers = o.persistentWorkers ?? false;
    this.timeout = checkTimeout(o.timeout ?? 0);
    this.generator = o.generator;
    this.collateFn = o.collateFn ?? (defaultCollate as CollateFn<T, B>);
    if (!Number.isInteger(this.numWorkers) || this.numWorkers < 0) {
      throw new RangeError('DataLoader: numWorkers option should be non-negative; use numWorkers: 0 to disable worker threads');
    }
    if (this.numWorkers > 0) nodeThreads(); // a browser: say now that worker threads need Node
    if (this.numWorkers === 0 && o.prefetchFactor !== undefined) {
      throw new RangeError('DataLoader: prefetchFactor option could only be specified with worker threads; set numWorkers > 0, or leave prefetchFactor out');
    }
    this.prefetchFactor = o.prefetchFactor ?? 2;
    if (!Number.isInteger(this.prefetchFactor) || this.prefetchFactor < 1) throw new RangeError(`DataLoader: prefetchFactor should be a positive integer, got ${this.prefetchFactor}`);
    if (this.persistentWorkers && this.numWorkers === 0) throw new RangeError('DataLoader: persistentWorkers option needs numWorkers > 0');
    if (!Number.isInteger(this.batchSize) || this.batchSize <= 0) throw new RangeError(`DataLoader: batchSize should be a positive integer value, but got batchSize=${this.batchSize}`);

    if (isIterableDataset(dataset)) {
      for (const key of ['shuffle', 'sampler', 'batchSampler'] as const) {
        if (o[key] !== undefined && o[key] !== false) throw new TypeError(`DataLoader with IterableDataset: expected unspecified ${key} option, but got ${key}=${String(o[key])}`);
      }
      if (this.numWorkers > 0) this.workerSpec = this.requireWorkerSpec(o.workerDataset ?? (dataset as { workerInit?: WorkerDatasetSpec }).workerInit);
      return;
    }
    if (!isMapDataset(dataset)) throw new TypeError('DataLoader: dataset must be a Dataset (length + getItem) or an iterable dataset');
    if (o.sampler !== undefined && o.shuffle) throw new TypeError('DataLoader: sampler option is mutually exclusive with shuffle');
    if (o.batchSampler !== undefined) {
      if (this.batchSize !== 1 || o.shuffle || o.sampler !== undefined || this.dropLast) throw new TypeError(MUTEX_BATCH);
      this.batchSampler = o.batchSampler;
    } else {
      this.sampler = o.sampler ?? (o.shuffle ? new RandomSampler(dataset, { generator: this.generator }) : new SequentialSampler(dataset));
      this.batchSampler = new BatchSampler(this.sampler, this.batchSize, this.dropLast);
    }
    if (this.numWorkers > 0) this.workerSpec = this.requireWorkerSpec(o.workerDataset ?? dataset.workerInit);
  }

  private requireWorkerSpec(spec: WorkerDatasetSpec | undefined): WorkerDatasetSpec {
    if (spec === undefined) {
      throw new TypeError('DataLoader: numWorkers > 0 needs to know how worker threads rebuild the dataset: give the option workerDataset: { module, export, args } or a dataset.workerInit (see the README)');
    }
    return spec;
  }

  /** The number of batches in an epoch (respecting dropLast). */
  get length(): number {
    if (this.batchSampler === undefined) {
      const n = (this.dataset as { length?: unknown }).length;
      if (typeof n !== 'number') throw new TypeError('DataLoader: this IterableDataset has no length');
      return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    }
    const n = this.batchSampler.length;
    if (n === undefined) throw new TypeError('DataLoader: the batch sampler has no length');
    return n;
  }

  [Symbol.asyncIterator](): AsyncIterator<B> {
    // As PyTorch's _BaseDataLoaderIter: each epoch's iterator draws the workers' base seed first (also without
    // workers; persistent workers keep theirs), then the sampler draws, so a seed gives PyTorch's order.
    const seed = this.pool === null ? drawSeed(this.generator) : 0n;
    if (this.batchSampler === undefined) return this.numWorkers > 0 ? this.iterStreamWorkers(seed) : this.iterStream();
    return this.numWorkers > 0 ? this.iterWorkers(this.batchSampler, seed) : this.iterSingle(this.batchSampler);
  }

  /** Terminates persistent workers (a no-op otherwise). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }

  /** The worker threads in use (persistent ones between epochs), for inspection. */
  get activeWorkers(): number {
    return this.pool?.workers.length ?? 0;
  }

  private async *iterSingle(batches: Iterable<number[]>): AsyncGenerator<B> {
    const ds = this.dataset as { getItem(i: number): T | Promise<T> };
    let k = 0;
    for (const indices of batches) {
      const made = this.collateSync(ds, indices);
      if ('batch' in made) {
        k++;
        flush(defaultDevice()); // the batch was made there: a device with a queue starts on its uploads now
        yield made.batch;
        continue;
      }
      let current = indices[made.items.length] ?? -1;
      const load = async () => {
        const items: T[] = [...made.items];
        if (made.pending !== null) items.push(await made.pending);
        for (const i of indices.slice(items.length)) {
          current = i;
          items.push(await ds.getItem(i));
        }
        return items;
      };
      const items = await withTimeout(load(), this.timeout, () => `batch ${k} (getItem(${current}))`);
      k++;
      const batch = await this.collateFn(items);
      flush(defaultDevice());
      yield batch;
    }
  }

  /**
   * With the default collate, the samples a dataset makes synchronously are stacked inside a
   * torch.tidy: the tensors that getItem creates (samples, a transform's intermediates) are freed as
   * soon as the batch is made, as PyTorch frees them, instead of waiting for the garbage collector
   * (on the CPU, 9 tensors per MNIST image). Tensors that getItem returns but did not create (a
   * dataset's stored tensors) are untouched; a dataset that caches a tensor it creates in getItem
   * must torch.keep it. Stops at the first getItem that returns a promise: the samples so far are
   * returned (kept) with that promise, and the rest are awaited as before.
   */
  private collateSync(ds: { getItem(i: number): T | Promise<T> }, indices: number[]): { batch: B } | { items: T[]; pending: Promise<T> | null } {
    if (this.collateFn !== (defaultCollate as CollateFn<T, B>) || indices.length === 0) return { items: [], pending: null };
    return tidy(() => {
      const items: T[] = [];
      for (const i of indices) {
        // a tidy of its own: a promise's tensors are kept until it settles (this tidy ends first)
        const item = tidy(() => ds.getItem(i));
        if (item instanceof Promise) return { items, pending: item };
        items.push(item);
      }
      return { batch: this.collateFn(items) as B };
    });
  }

  /** `for await` over the dataset, each step under the timeout. */
  private async *iterStream(): AsyncGenerator<B> {
    let items: T[] = [];
    const ds = this.dataset as AsyncIterable<T> & Iterable<T>;
    const isAsync = typeof ds[Symbol.asyncIterator] === 'function';
    const it: AsyncIterator<T> | Iterator<T> = isAsync ? ds[Symbol.asyncIterator]() : ds[Symbol.iterator]();
    let done = false;
    let stuck = false;
    try {
      for (let n = 0; ; n++) {
        const next = Promise.resolve(it.next());
        stuck = true;
        const r = await withTimeout(next, this.timeout, () => `item ${n} of the iterable dataset`);
        stuck = false;
        if (r.done) break;
        items.push(isAsync ? r.value : await r.value); // as `for await` over a sync iterable
        if (items.length === this.batchSize) {
          yield await this.collateFn(items);
          items = [];
        }
      }
      done = true;
    } finally {
      // An iterator whose next() never settled cannot finish a return() either: ask without waiting.
      if (!done && stuck) Promise.resolve(it.return?.()).catch(() => undefined);
      else if (!done) await it.return?.();
    }
    if (items.length > 0 && !this.dropLast) yield await this.collateFn(items);
  }

  /** Starts the worker pool of an epoch (or reuses the persistent one). */
  private startPool(seed: bigint): WorkerPool {
    const pool = this.pool ?? new WorkerPool(this.workerSpec!, this.numWorkers, seed);
    if (this.persistentWorkers) this.pool = pool;
    pool.hold(true);
    return pool;
  }

  /** Ends an epoch: persistent workers stay (their stale batches dropped) unless it failed; others are terminated. */
  private async endPool(pool: WorkerPool, failed: boolean): Promise<void> {
    if (this.persistentWorkers && !failed) {
      pool.discard();
      pool.hold(false);
    } else {
      if (this.pool === pool) this.pool = null;
      await pool.close();
    }
  }

  /**
   * An iterable dataset in worker threads, as PyTorch: each worker iterates its own replica and batches its
   * own stream; batches are requested from (and yielded in) round-robin order over the workers whose stream
   * has not ended, at most `prefetchFactor` in flight per worker.
   */
  private async *iterStreamWorkers(seed: bigint): AsyncGenerator<B> {
    const pool = this.startPool(seed);
    const epoch = this.epoch++;
    const n = this.numWorkers;
    const active = Array<boolean>(n).fill(true);
    const inFlight = Array<number>(n).fill(0);
    const queue: { id: number; worker: number }[] = [];
    let nextWorker = 0;
    let failed = false;
    const fill = () => {
      for (;;) {
        let w = nextWorker;
        for (let k = 0; k < n && !active[w]; k++) w = (w + 1) % n;
        if (!active[w] || inFlight[w]! >= this.prefetchFactor) return;
        queue.push({ id: pool.next(w, epoch, this.batchSize, this.dropLast), worker: w });
        inFlight[w]!++;
        nextWorker = (w + 1) % n;
      }
    };
    try {
      fill();
      while (queue.length > 0) {
        const { id, worker } = queue.shift()!;
        const items = await withTimeout(pool.take(id), this.timeout, () => `the next batch of worker ${worker}'s stream`);
        inFlight[worker]!--;
        if (items === null) active[worker] = false; // this worker's stream has ended: skipped from now on
        fill();
        if (items !== null) yield await this.collateFn(items as T[]);
      }
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      await this.endPool(pool, failed);
    }
  }

  private async *iterWorkers(batches: Iterable<number[]>, seed: bigint): AsyncGenerator<B> {
    const pool = this.startPool(seed);
    const it = batches[Symbol.iterator]();
    const ids: number[] = [];
    let done = false;
    let failed = false;
    const fill = () => {
      while (!done && ids.length < this.prefetchFactor * this.numWorkers) {
        const next = it.next();
        if (next.done) done = true;
        else ids.push(pool.send(next.value));
      }
    };
    try {
      fill();
      for (let k = 0; ids.length > 0; k++) {
        const items = await withTimeout(pool.take(ids.shift()!), this.timeout, () => `batch ${k} from the worker threads`);
        fill();
        yield await this.collateFn(items as T[]);
      }
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      await this.endPool(pool, failed);
    }
  }
}
