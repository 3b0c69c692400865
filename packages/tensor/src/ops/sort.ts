// Sorting and scans along one dim: sort, topk, cumsum/cumprod, on the backend's sort and scan kernels.
import { nameGradFn, recordOp } from '../autograd-hook';
import { notImplementedForDType } from '../errors';
import { DEFAULT_INT, isFloating, isIntegral, parseDType, type DType } from '../dtype';
import { getBackend } from '../registry';
import { formatShape, normalizeDim } from '../shape';
import type { Tensor, ValuesIndices } from '../tensor';
import { allocate } from './alloc';
import { contiguous, to } from './convert';
import { valuesIndices } from './reduce';
import { narrow, reshape } from './views';

export function sort(x: Tensor, dim = -1, descending = false): ValuesIndices {
  const d = normalizeDim('sort', dim, x.ndim);
  // Kernels see at least one dim: a 0-d tensor sorts as one element (value itself, index 0).
  if (x.ndim === 0) {
    const r = sort(reshape(x, [1]), 0, descending);
    return valuesIndices(reshape(r.values, []), reshape(r.indices, []));
  }
  const values = allocate(x.shape, x.dtype, x.device, 'sort', 'uninit');
  const indices = allocate(x.shape, 'int64', x.device, 'sort', 'uninit');
  getBackend(x.device).sort(x, d, Boolean(descending), values, indices);
  recordOp('sort', [x], [values], { dim: d, indices });
  return valuesIndices(values, indices);
}

export function topk(x: Tensor, k: number, dim = -1, largest = true, sorted = true): ValuesIndices {
  const d = normalizeDim('topk', dim, x.ndim);
  // PyTorch has no topk for bool (sort works): match it rather than answer where it errors.
  if (x.dtype === 'bool') notImplementedForDType('topk', x.dtype, 'convert with .int() or .float() first, or use sort');
  const size = x.ndim === 0 ? 1 : x.shape[d]!;
  if (!Number.isInteger(k) || k < 0 || k > size) {
    throw new RangeError(`topk: selected index k out of range (k = ${k}, but dimension ${d} of shape ${formatShape(x.shape)} has size ${size})`);
  }
  // A full sort then the first k: `sorted` is honoured trivially (unsorted order is unspecified).
  void sorted;
  const s = sort(x, d, Boolean(largest));
  if (x.ndim === 0 || k === size) return valuesIndices(nameGradFn(s.values, 'TopkBackward0', x), s.indices);
  return valuesIndices(nameGradFn(contiguous(narrow(s.values, d, 0, k)), 'TopkBackward0'), contiguous(narrow(s.indices, d, 0, k)));
}

export function scan(op: 'cumsum' | 'cumprod', x: Tensor, dim: number, dtype?: DType): Tensor {
  const d = normalizeDim(op, dim, x.ndim);
  // Bool and integer inputs accumulate in int64 unless a dtype is given, as PyTorch.
  const outType = dtype !== undefined ? parseDType(dtype, op) : isFloating(x.dtype) ? x.dtype : DEFAULT_INT;
  if (x.ndim === 0) return reshape(scan(op, reshape(x, [1]), 0, outType), []);
  // PyTorch casts the input to the output dtype first (cumsum([0.5, 0.5], dtype=int64) is [0, 0]);
  // widening integers to int64 is exact, so it needs no copy.
  const exact = x.dtype === outType || (isIntegral(x.dtype, true) && outType === 'int64');
  const input = exact ? x : to(x, { dtype: outType });
  const out = allocate(x.shape, outType, x.device, op, 'uninit');
  getBackend(x.device).scan(op, input, d, out);
  recordOp(op, [input], [out], { dim: d });
  return out;
}
