// torch.utils.data.get_worker_info(): which DataLoader worker thread this code runs in, if any.

/** What `getWorkerInfo()` returns inside a DataLoader worker thread. */
export interface WorkerInfo {
  /** This worker's index, `0 <= id < numWorkers`. */
  readonly id: number;
  /** The loader's `numWorkers`. */
  readonly numWorkers: number;
  /** This worker's seed, as PyTorch's `base_seed + id` (a 64-bit unsigned integer), the seed of its `torch.manualSeed`. */
  readonly seed: bigint;
}

/**
 * The global key worker/worker.mjs stores the info under before it builds the dataset. A registered symbol, so
 * that every copy of this package (ESM and CJS builds, or two installs) loaded in one thread reads the same value.
 */
const WORKER_INFO_KEY = Symbol.for('@x/data.workerInfo');

/**
 * In a DataLoader worker thread, `{ id, numWorkers, seed }`; `null` elsewhere (the main thread), as
 * `torch.utils.data.get_worker_info()`. Available from the moment the worker starts building its dataset
 * replica, so constructors, factories and iterators can use it to shard an iterable dataset.
 */
export function getWorkerInfo(): WorkerInfo | null {
  const info = (globalThis as Record<symbol, unknown>)[WORKER_INFO_KEY];
  return info === undefined || info === null ? null : (info as WorkerInfo);
}
