// Map-style and iterable datasets (torch.utils.data.Dataset / IterableDataset).

/** Where a worker thread finds the dataset: it imports `module` and rebuilds it from `export` and `args`. */
export interface WorkerDatasetSpec {
  /** An ES module (a file URL, an absolute path or a package specifier) that plain Node can import. */
  module: string | URL;
  /** The export: a class (built with `new C(...args)`), a factory (`await f(...args)`) or a dataset object. */
  export: string;
  /** Structured-cloneable constructor/factory arguments. */
  args?: unknown[];
}

/** A map-style dataset: `length` items, item `i` from `getItem(i)` (which may be async). */
export abstract class Dataset<T> {
  /** The number of samples (PyTorch's `__len__`). */
  abstract get length(): number;
  /** Sample `index` (PyTorch's `__getitem__`); may return a promise. */
  abstract getItem(index: number): T | Promise<T>;
  /** How DataLoader workers rebuild this dataset (see the README's worker rule); optional. */
  workerInit?: WorkerDatasetSpec;
}

/**
 * A dataset that is a stream of items (torch.utils.data.IterableDataset). With `numWorkers > 0` every worker
 * iterates its own replica of the whole stream: shard it with `getWorkerInfo()` (see the README).
 */
export abstract class IterableDataset<T> {
  abstract [Symbol.asyncIterator](): AsyncIterator<T>;
  /** How DataLoader workers rebuild this dataset (see the README's worker rule); optional. */
  workerInit?: WorkerDatasetSpec;
}

/** Any iterable dataset: an IterableDataset or an object with a sync/async iterator and no getItem. */
export type IterableLike<T> = AsyncIterable<T> | Iterable<T>;

/** What DataLoader accepts: a map-style Dataset, an IterableDataset, or any (async) iterable. */
export type DatasetLike<T> = Dataset<T> | IterableDataset<T> | IterableLike<T>;

/** Whether `d` is a map-style dataset (has `length` and `getItem`). */
export function isMapDataset<T>(d: unknown): d is Dataset<T> {
  return typeof d === 'object' && d !== null && typeof (d as { getItem?: unknown }).getItem === 'function';
}

/** Whether `d` is an iterable-style dataset (iterable or async iterable, no `getItem`). */
export function isIterableDataset<T>(d: unknown): d is IterableLike<T> {
  if (isMapDataset(d) || typeof d !== 'object' || d === null) return false;
  return typeof (d as AsyncIterable<T>)[Symbol.asyncIterator] === 'function' || typeof (d as Iterable<T>)[Symbol.iterator] === 'function';
}
