// Reductions over one, several or all dims, with keepdim, built on the backend's `reduce` kernel.
import type { ReduceOp } from '../backend';
import { DEFAULT_INT, isFloating, parseDType, type DType } from '../dtype';
import { getBackend } from '../registry';
import { formatShape, normalizeDims } from '../shape';
import { Tensor, type ValuesIndices } from '../tensor';
import { allocate } from './alloc';
import { binary, unary } from './elementwise';
import { reshape } from './views';
import { nameGradFn, recordOp, type OpAttrs } from '../autograd-hook';
import { noGrad } from '../grad-mode';

type Dims = number | readonly number[] | null | undefined;

/** Runs a reduce kernel; the result keeps reduced dims as size 1 when keepdim, else drops them. */
export function reduceRaw(op: ReduceOp, x: Tensor, dims: readonly number[], keepdim: boolean, outDType: DType, attrs: OpAttrs = {}): Tensor {
  const keptShape = x.shape.map((s, i) => (dims.includes(i) ? 1 : s));
  const out = allocate(keptShape, outDType, x.device, op, 'uninit');
  getBackend(x.device).reduce(op, x, dims, out);
  const result = keepdim ? out : noGrad(() => reshape(out, x.shape.filter((_, i) => !dims.includes(i))));
  recordOp(op, [x], [result], { dims, keepdim, ...attrs });
  return result;
}

function sumDType(x: Tensor, dtype: DType | undefined): DType {
  if (dtype !== undefined) return parseDType(dtype, 'sum');
  return isFloating(x.dtype) ? x.dtype : DEFAULT_INT;
}

/** With a dtype, PyTorch casts the input first (sum([1.5, 2.5], dtype=int64) is 3, not 4). */
function castFor(x: Tensor, outType: DType, dtype: DType | undefined): Tensor {
  return dtype !== undefined && outType !== x.dtype ? x.to(outType) : x;
}

export function sum(x: Tensor, dim: Dims, keepdim: boolean, dtype?: DType): Tensor {
  const outType = sumDType(x, dtype);
  return reduceRaw('sum', castFor(x, outType, dtype), normalizeDims('sum', dim, x.ndim), keepdim, outType, { allDims: dim === undefined || dim === null });
}

export function prod(x: Tensor, dim: number | null | undefined, keepdim: boolean, dtype?: DType): Tensor {
  const outType = sumDType(x, dtype);
  const out = reduceRaw('prod', castFor(x, outType, dtype), normalizeDims('prod', dim, x.ndim), keepdim, outType);
  return dim === undefined || dim === null ? nameGradFn(out, 'ProdBackward0', x) : out;
}

export function mean(x: Tensor, dim: Dims, keepdim: boolean, dtype?: DType): Tensor {
  const outType = dtype !== undefined ? parseDType(dtype, 'mean') : x.dtype;
  if (!isFloating(outType)) {
    throw new TypeError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${x.dtype} (shape ${formatShape(x.shape)}); use x.float().mean() or pass { dtype: 'float32' }`);
  }
  const dims = normalizeDims('mean', dim, x.ndim);
  const count = dims.reduce((n, d) => n * x.shape[d]!, 1);
  const total = reduceRaw('sum', x, dims, keepdim, outType);
  return nameGradFn(binary('div', total, count), dim === undefined || dim === null ? 'MeanBackward0' : 'MeanBackward1');
}

function checkNonEmpty(op: string, x: Tensor, dims: readonly number[]): void {
  if (x.numel() !== 0) return;
  if (dims.length === x.ndim && x.ndim > 0 && dims.length !== 1) {
    throw new RangeError(`${op}(): Expected reduction dim to be specified for input.numel() == 0 (shape ${formatShape(x.shape)}). Specify the reduction dim with the 'dim' argument.`);
  }
  for (const d of dims) {
    if (x.shape[d] === 0) throw new RangeError(`${op}(): Expected reduction dim ${d} to have non-zero size (shape ${formatShape(x.shape)}).`);
  }
}

/** amax/amin and the no-dim forms of max/min. */
export function reduceValues(op: 'max' | 'min', name: string, x: Tensor, dim: Dims, keepdim: boolean): Tensor {
  const dims = normalizeDims(name, dim, x.ndim);
  checkNonEmpty(name, x, dims);
  const out = reduceRaw(op, x, dims, keepdim, x.dtype);
  return name === 'amax' || name === 'amin' ? nameGradFn(out, name === 'amax' ? 'AmaxBackward0' : 'AminBackward0', x) : out;
}

export function argReduce(op: 'argmax' | 'argmin', x: Tensor, dim: number | null | undefined, keepdim: boolean): Tensor {
  // PyTorch has no bool argmax, yet max(dim) of a bool tensor returns indices: only the public op refuses.
  if (x.dtype === 'bool') throw new TypeError(`${op}: not implemented for bool tensors (shape ${formatShape(x.shape)}); convert with .int() first`);
  return argIndices(op, x, dim, keepdim);
}

function argIndices(op: 'argmax' | 'argmin', x: Tensor, dim: number | null | undefined, keepdim: boolean): Tensor {
  if (dim === undefined || dim === null) {
    if (x.numel() === 0) throw new RangeError(`${op}(): Expected reduction dim to be specified for input.numel() == 0 (shape ${formatShape(x.shape)}).`);
    const flat = reduceRaw(op, reshape(x, [-1]), [0], false, 'int64');
    return keepdim ? reshape(flat, x.shape.map(() => 1)) : flat;
  }
  const dims = normalizeDims(op, dim, x.ndim);
  checkNonEmpty(op, x, dims);
  return reduceRaw(op, x, dims, keepdim, 'int64');
}

function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  return Object.assign([values, indices] as [Tensor, Tensor], { values, indices });
}

/** torch.max(x) / torch.min(x): the 0-d extreme; autograd spreads the gradient over ties and NaNs (unlike amax). */
export function maxMinAll(op: 'max' | 'min', x: Tensor): Tensor {
  if (x.numel() === 0) throw new RangeError(`${op}(): Expected reduction dim to be specified for input.numel() == 0 (shape ${formatShape(x.shape)}). Specify the reduction dim with the 'dim' argument.`);
  return reduceRaw(op, x, normalizeDims(op, null, x.ndim), false, x.dtype, { evenly: true });
}

/** torch.max(x, dim) / torch.min(x, dim): [values, indices]; autograd sees one op whose gradient goes to the selected index. */
export function maxMinDim(op: 'max' | 'min', x: Tensor, dim: number, keepdim: boolean): ValuesIndices {
  const values = noGrad(() => reduceValues(op, op, x, dim, keepdim));
  const indices = argIndices(op === 'max' ? 'argmax' : 'argmin', x, dim, keepdim);
  recordOp(op === 'max' ? 'maxDim' : 'minDim', [x], [values], { dim: normalizeDims(op, dim, x.ndim)[0] ?? 0, keepdim, indices });
  return valuesIndices(values, indices);
}

export { valuesIndices };

export function allAny(op: 'all' | 'any', x: Tensor, dim: Dims, keepdim: boolean): Tensor {
  const dims = normalizeDims(op, dim, x.ndim);
  return reduceRaw(op, x, dims, keepdim, x.dtype === 'uint8' ? 'uint8' : 'bool');
}

/** var/std with Bessel's `correction` (1: divide by N - 1, 0: by N). */
export function variance(op: 'var' | 'std', x: Tensor, dim: Dims, correction: number, keepdim: boolean): Tensor {
  if (!isFloating(x.dtype)) {
    throw new TypeError(`${op}: only supports floating point dtypes, got ${x.dtype} (shape ${formatShape(x.shape)}); use x.float().${op}(...)`);
  }
  const dims = normalizeDims(op, dim, x.ndim);
  // One op for autograd: PyTorch's var/std gradients stay finite (or exactly 0) where the composition's are NaN.
  const result = noGrad(() => {
    const n = dims.reduce((acc, d) => acc * x.shape[d]!, 1);
    const centered = binary('sub', x, mean(x, dims, true));
    const sq = reduceRaw('sum', binary('mul', centered, centered), dims, keepdim, x.dtype);
    const v = binary('div', sq, Math.max(n - correction, 0));
    return op === 'std' ? unary('sqrt', v) : v;
  });
  recordOp(op, [x], [result], { dims, keepdim, correction });
  return result;
}

export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim: boolean): Tensor {
  const input = isFloating(x.dtype) ? x : x.to('float32');
  const dims = normalizeDims('logsumexp', dim, x.ndim);
  // One op for autograd: its gradient, softmax(x) * grad, is stabler than the composition's.
  const result = noGrad(() => logsumexpValue(input, dims, keepdim));
  recordOp('logsumexp', [input], [result], { dims, keepdim });
  return result;
}

function logsumexpValue(input: Tensor, dims: number[], keepdim: boolean): Tensor {
  const x = input;
  // Shift by the max for stability; an all -inf (or inf) slice keeps its max unshifted.
  const m = reduceRaw('max', input, dims, true, input.dtype);
  const finiteM = m.maskedFill(unary('isnan', binary('sub', m, m)), 0);
  const s = reduceRaw('sum', unary('exp', binary('sub', input, finiteM)), dims, true, input.dtype);
  const r = binary('add', unary('log', s), finiteM);
  return keepdim ? r : reshape(r, x.shape.filter((_, i) => !dims.includes(i)));
}

export function norm(x: Tensor, p: number | 'fro', dim: Dims, keepdim: boolean): Tensor {
  if (!isFloating(x.dtype)) {
    throw new TypeError(`norm(): input dtype should be floating point, but got ${x.dtype} (shape ${formatShape(x.shape)}); use x.float().norm()`);
  }
  const dims = normalizeDims('norm', dim, x.ndim);
  // One op for autograd: composing it would give NaN gradients at zero (sqrt'(0) * 0).
  const order = p === 'fro' ? 2 : p;
  const result = noGrad(() => normValue(x, order, dims, keepdim));
  recordOp('norm', [x], [result], { p: order, dims, keepdim });
  return result;
}

function normValue(x: Tensor, order: number, dims: number[], keepdim: boolean): Tensor {
  const a = unary('abs', x);
  if (order === Infinity) return reduceRaw('max', a, dims, keepdim, x.dtype);
  if (order === -Infinity) return reduceRaw('min', a, dims, keepdim, x.dtype);
  if (order === 0) return reduceRaw('sum', binary('ne', x, 0).to(x.dtype), dims, keepdim, x.dtype);
  if (order === 1) return reduceRaw('sum', a, dims, keepdim, x.dtype);
  if (order === 2) return unary('sqrt', reduceRaw('sum', binary('mul', x, x), dims, keepdim, x.dtype));
  return binary('pow', reduceRaw('sum', binary('pow', a, order), dims, keepdim, x.dtype), 1 / order);
}
