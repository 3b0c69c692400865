// torch.unique: sort, mark where a run of equal values (or slices, with `dim`) starts, and compact the
// marks on the device. The output size depends on the data, so there is a sync form (CPU) and an async one.
import { getBackend } from '../registry';
import { formatShape } from '../shape';
import type { Tensor } from '../tensor';
import { allocate } from './alloc';
import { detach } from './convert';
import { binary } from './elementwise';
import { compaction, iota, type Compaction } from './indexing/compact';
import { runAsync, runSync, type Steps } from './indexing/steps';
import { sort } from './sort';
import { expand, reshape, select, slice, transpose } from './views';

/** unique's `sorted`, `returnInverse`, `returnCounts`, `dim`. */
export interface UniqueOptions {
  /** Results are always sorted ascending (PyTorch allows any order when false). */
  sorted?: boolean;
  /** Also return, for each input element (each index along `dim`), the index of its value (slice) in the output. */
  returnInverse?: boolean;
  /** Also return how many times each unique value (slice) occurs. */
  returnCounts?: boolean;
  /**
   * Unique slices along this dim (x.select(dim, i)), sorted lexicographically; the output has x's
   * shape with this dim's size the number of unique slices, and the inverse has one entry per index.
   * As in PyTorch, a slice's elements are compared in the row-major order of x.transpose(0, dim).
   */
  dim?: number | null;
}

function* uniqueSteps(x: Tensor, options: UniqueOptions): Steps<Tensor[]> {
  if (options.dim !== undefined && options.dim !== null) return yield* uniqueDimSteps(x, options.dim, options);
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
  return [runs.pick(sorted), ...inverseAndCounts(starts, order, runs, x.shape, options)];
}

/**
 * The optional results, from the run starts (bool, sorted order), the sort's permutation (int64) and
 * their compaction: the inverse (reshaped to `inverseShape`) and the counts.
 */
function inverseAndCounts(starts: Tensor, order: Tensor, runs: Compaction, inverseShape: readonly number[], options: UniqueOptions): Tensor[] {
  const backend = getBackend(starts.device);
  const n = starts.numel();
  const results: Tensor[] = [];
  if (options.returnInverse) {
    // Each sorted element's run number, written back to the element's original position.
    const runOf = binary('sub', starts.cumsum(0), 1);
    const inverse = allocate([n], 'int64', starts.device, 'unique');
    if (n > 0) backend.scatter(inverse, 0, order, runOf, 'none');
    results.push(reshape(inverse, inverseShape));
  }
  if (options.returnCounts) {
    const first = runs.pick(iota(n, starts.device));
    const ends = allocate([runs.count], 'int64', starts.device, 'unique');
    if (runs.count > 0) {
      backend.copy(slice(first, 0, 1, runs.count, 1), slice(ends, 0, 0, runs.count - 1, 1));
      backend.fill(slice(ends, 0, runs.count - 1, runs.count, 1), n);
    }
    results.push(binary('sub', ends, first));
  }
  return results;
}

/** PyTorch's checks for unique with a dim; returns the dim, normalized. */
function checkDim(x: Tensor, dim: number): number {
  if (x.ndim === 0) {
    throw new RangeError(`unique: dimension specified as ${dim} but tensor has no dimensions (shape ${formatShape(x.shape)}); omit dim to get the unique values`);
  }
  if (!Number.isInteger(dim) || dim < -x.ndim || dim >= x.ndim) {
    throw new RangeError(`unique: dimension out of range (expected to be in range of [${-x.ndim}, ${x.ndim - 1}], but got ${dim}) for a tensor of shape ${formatShape(x.shape)}`);
  }
  const d = dim < 0 ? dim + x.ndim : dim;
  const zeros = x.shape.filter((s) => s === 0).length;
  if (x.shape[d] === 0 && zeros > 1) {
    throw new Error(`unique: Number of zero sized dimensions is more than one, so unique cannot be applied (dim ${dim}, shape ${formatShape(x.shape)})`);
  }
  if (x.shape[d] !== 0 && zeros > 0) {
    throw new Error(`unique: There are 0 sized dimensions, and they aren't selected, so unique cannot be applied (dim ${dim}, shape ${formatShape(x.shape)})`);
  }
  return d;
}

/**
 * Unique slices along `dim`: x as [n, m] (n slices of m elements), the rows ordered
 * lexicographically by stable sorts on each column from the last to the first (so equal rows keep
 * their input order, and the first occurrence is the one kept, as -0 vs 0 shows), then the runs of
 * equal rows marked and compacted as for the flattened unique. Rows are compared with `ne`, so a row
 * holding a NaN differs from every other row. NaN sorts as the largest value here; PyTorch 1.13's
 * order for such rows is unspecified (its comparator treats NaN as equal to anything while sorting).
 */
function* uniqueDimSteps(input: Tensor, dim: number, options: UniqueOptions): Steps<Tensor[]> {
  const d = checkDim(input, dim);
  // Like the flattened unique, the result is computed out of autograd's sight.
  const x = detach(input);
  const device = x.device;
  const backend = getBackend(device);
  const n = x.shape[d]!;
  if (n === 0) {
    const empty = () => allocate([0], 'int64', device, 'unique');
    return [allocate(x.shape, x.dtype, device, 'unique'), ...(options.returnInverse ? [empty()] : []), ...(options.returnCounts ? [empty()] : [])];
  }
  // PyTorch swaps dims 0 and d (a transpose, not a move), so a slice's elements are compared in the
  // row-major order of that layout: for d >= 2, x's dim 0 stands in d's place and varies fastest
  // (x[:, :, i] of a 3-d x is read column by column). The output is swapped back the same way.
  const swapped = transpose(x, 0, d);
  const rest = swapped.shape.slice(1);
  const m = swapped.numel() / n;
  const rows = reshape(swapped, [n, m]);
  const byRow = (index: Tensor, count: number): Tensor => expand(reshape(index, [count, 1]), [count, m]);

  // order: the rows' lexicographic order (int64 [n]), by stable sorts from the last column to the first.
  let order = iota(n, device);
  if (n > 1) {
    for (let c = m - 1; c >= 0; c--) {
      const column = select(rows, 1, c);
      let key = column;
      if (c < m - 1) {
        key = allocate([n], x.dtype, device, 'unique');
        backend.gather(column, 0, order, key);
      }
      const perm = sort(key, 0, false).indices;
      if (c === m - 1) {
        order = perm;
      } else {
        const next = allocate([n], 'int64', device, 'unique');
        backend.gather(order, 0, perm, next);
        order = next;
      }
    }
  }
  const sortedRows = allocate([n, m], x.dtype, device, 'unique');
  backend.gather(rows, 0, byRow(order, n), sortedRows);

  // A run starts at row 0 and wherever a row differs from the one before it in any element.
  const starts = allocate([n], 'bool', device, 'unique');
  backend.fill(slice(starts, 0, 0, 1, 1), 1);
  if (n > 1) {
    const differs = allocate([n - 1, m], 'bool', device, 'unique');
    backend.binary('ne', slice(sortedRows, 0, 1, n, 1), slice(sortedRows, 0, 0, n - 1, 1), differs, x.dtype);
    backend.reduce('any', differs, [1], reshape(slice(starts, 0, 1, n, 1), [n - 1, 1]));
  }
  const runs = yield* compaction(starts);
  // Each run's first row, taken from x's rows by its original index, swapped back to dim d (a view, as PyTorch's).
  const picked = allocate([runs.count, m], x.dtype, device, 'unique');
  if (runs.count > 0) backend.gather(rows, 0, byRow(runs.pick(order), runs.count), picked);
  const values = transpose(reshape(picked, [runs.count, ...rest]), 0, d);
  return [values, ...inverseAndCounts(starts, order, runs, [n], options)];
}

/** torch.unique's result: the values alone, or the list [values, inverse?, counts?] when either was asked for. */
export function uniqueResult(results: Tensor[], many: boolean): Tensor | Tensor[] {
  return many ? results : results[0]!;
}

export function unique(x: Tensor, options: UniqueOptions = {}): Tensor[] {
  return runSync(x.device, uniqueSteps(x, options), () => `x.unique() needs the data of x: use await x.uniqueAsync() on device '${x.device}'`);
}

export function uniqueAsync(x: Tensor, options: UniqueOptions = {}): Promise<Tensor[]> {
  return runAsync(uniqueSteps(x, options));
}
