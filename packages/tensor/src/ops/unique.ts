// torch.unique (flattened): sort, mark where a run of equal values starts, and compact the marks on
// the device. The output size depends on the data, so there is a sync form (CPU) and an async one.
import { getBackend } from '../registry';
import type { Tensor } from '../tensor';
import { allocate } from './alloc';
import { binary } from './elementwise';
import { compaction, iota } from './indexing/compact';
import { runAsync, runSync, type Steps } from './indexing/steps';
import { sort } from './sort';
import { reshape, slice } from './views';

export interface UniqueOptions {
  /** Results are always sorted ascending (PyTorch allows any order when false). */
  sorted?: boolean;
  /** Also return, for each input element, the index of its value in the output (input's shape). */
  returnInverse?: boolean;
  /** Also return how many times each unique value occurs. */
  returnCounts?: boolean;
  /** Unique slices along a dim: not supported yet. */
  dim?: number;
}

function* uniqueSteps(x: Tensor, options: UniqueOptions): Steps<Tensor[]> {
  if (options.dim !== undefined && options.dim !== null) {
    throw new Error(`unique: the dim option is not supported yet (shape [${x.shape.join(', ')}]); call unique() on the flattened tensor or per slice`);
  }
  const backend = getBackend(x.device);
  const flat = reshape(x, [-1]);
  const n = flat.numel();
  const [sorted, order] = sort(flat, 0, false);
  // A run starts at 0 and wherever a value differs from the one before it (NaNs stay distinct, as in PyTorch).
  const starts = allocate([n], 'bool', x.device, 'unique');
  if (n > 0) {
    backend.fill(slice(starts, 0, 0, 1, 1), 1);
    backend.binary('ne', slice(sorted, 0, 1, n, 1), slice(sorted, 0, 0, n - 1, 1), slice(starts, 0, 1, n, 1), sorted.dtype);
  }
  const runs = yield* compaction(starts);
  const results = [runs.pick(sorted)];
  if (options.returnInverse) {
    // Each sorted element's run number, written back to the element's original position.
    const runOf = binary('sub', starts.cumsum(0), 1);
    const inverse = allocate([n], 'int64', x.device, 'unique');
    if (n > 0) backend.scatter(inverse, 0, order, runOf, 'none');
    results.push(reshape(inverse, x.shape));
  }
  if (options.returnCounts) {
    const first = runs.pick(iota(n, x.device));
    const ends = allocate([runs.count], 'int64', x.device, 'unique');
    if (runs.count > 0) {
      backend.copy(slice(first, 0, 1, runs.count, 1), slice(ends, 0, 0, runs.count - 1, 1));
      backend.fill(slice(ends, 0, runs.count - 1, runs.count, 1), n);
    }
    results.push(binary('sub', ends, first));
  }
  return results;
}

export function unique(x: Tensor, options: UniqueOptions = {}): Tensor[] {
  return runSync(x.device, uniqueSteps(x, options), () => `x.unique() needs the data of x: use await x.uniqueAsync() on device '${x.device}'`);
}

export function uniqueAsync(x: Tensor, options: UniqueOptions = {}): Promise<Tensor[]> {
  return runAsync(uniqueSteps(x, options));
}
