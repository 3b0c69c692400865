// gather, scatter(_) and indexSelect along one dim, with PyTorch's checks; the backend's gather and
// scatter kernels do the work (and report out-of-range indices).
import { castScalar } from '../../dtype';
import { checkSameDevice } from '../../errors';
import { inPlaceWrite, isTracking, nameGradFn, recordOp } from '../../autograd-hook';
import { noGrad } from '../../grad-mode';
import { getBackend } from '../../registry';
import { formatShape, normalizeDim } from '../../shape';
import { isTensor, type Tensor, type TensorOrScalar } from '../../tensor';
import { allocate } from '../alloc';
import { clone } from '../convert';
import { expand, reshape, slice } from '../views';
import { checkRange, checkRangeOnDevice } from './bounds';
import { canReadSync, runSync } from './steps';

/** 0-d tensors take part as 1-d ones of one element, as PyTorch's gather/scatter treat them. */
const atLeast1d = (t: Tensor): Tensor => (t.ndim === 0 ? reshape(t, [1]) : t);
const dimsOf = (t: Tensor): number => Math.max(t.ndim, 1);
const sizeOf = (t: Tensor, d: number): number => (t.ndim === 0 ? 1 : t.shape[d]!);

function checkIndexTensor(op: string, index: unknown, allowInt32 = false): asserts index is Tensor {
  if (!isTensor(index)) throw new TypeError(`${op}(): expected index to be a Tensor, got ${index === null ? 'null' : typeof index}`);
  if (index.dtype !== 'int64' && !(allowInt32 && index.dtype === 'int32')) {
    throw new TypeError(`${op}(): Expected dtype ${allowInt32 ? 'int32 or int64' : 'int64'} for index, got ${index.dtype} (shape ${formatShape(index.shape)}); convert it with index.long()`);
  }
}

export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexTensor('gather', index);
  checkSameDevice('gather', [x, index]);
  const d = normalizeDim('gather', dim, x.ndim);
  if (dimsOf(index) !== dimsOf(x)) {
    throw new RangeError(`gather(): Index tensor must have the same number of dimensions as input tensor (index ${formatShape(index.shape)}, input ${formatShape(x.shape)})`);
  }
  for (let i = 0; i < dimsOf(x); i++) {
    if (i !== d && sizeOf(index, i) > sizeOf(x, i)) {
      throw new RangeError(`gather(): Size does not match at dimension ${i} expected index ${formatShape(index.shape)} to be smaller than self ${formatShape(x.shape)} apart from dimension ${d}`);
    }
  }
  const out = allocate(index.shape, x.dtype, x.device, 'gather', 'uninit');
  // The CPU's kernel checks the indices as it reads them; a queued kernel cannot throw, so the device checks them.
  if (!canReadSync(x.device)) checkRangeOnDevice(index, sizeOf(x, d), d, false, 'gather(): ');
  if (out.numel() > 0) getBackend(x.device).gather(atLeast1d(x), d, atLeast1d(index), atLeast1d(out));
  recordOp('gather', [x], [out], { dim: d, index });
  return out;
}

type Reduce = 'add' | 'multiply' | undefined;

export function scatterInPlace<T extends Tensor>(x: T, dim: number, index: Tensor, src: TensorOrScalar, reduce?: Reduce): T {
  if (isTracking([x, isTensor(src) ? src : null])) {
    // Tracked: the new values are the recorded out-of-place scatter, and x takes its history.
    const result = scatter(x, dim, index, src, reduce);
    return inPlaceWrite(x, 'scatter_', [result], () => {
      getBackend(x.device).copy(result, x);
      return result;
    });
  }
  writeScatter(x, dim, index, src, reduce);
  return x;
}

/** x.scatter_(...) straight into x's storage, out of autograd's sight. */
function writeScatter(x: Tensor, dim: number, index: Tensor, src: TensorOrScalar, reduce?: Reduce): void {
  if (reduce !== undefined && reduce !== 'add' && reduce !== 'multiply') {
    throw new RangeError(`scatter(): reduce argument must be either 'add' or 'multiply', got '${String(reduce)}'`);
  }
  checkIndexTensor('scatter', index);
  const tensors = isTensor(src) ? [x, index, src] : [x, index];
  checkSameDevice('scatter', tensors);
  const d = normalizeDim('scatter', dim, x.ndim);
  if (dimsOf(index) !== dimsOf(x)) {
    throw new RangeError(`scatter(): Index tensor must have the same number of dimensions as self tensor (index ${formatShape(index.shape)}, self ${formatShape(x.shape)})`);
  }
  let value: Tensor | number;
  if (isTensor(src)) {
    if (src.dtype !== x.dtype) throw new TypeError(`scatter(): Expected self.dtype to be equal to src.dtype (self ${x.dtype}, src ${src.dtype}); convert src with .to('${x.dtype}')`);
    if (dimsOf(src) !== dimsOf(index)) {
      throw new RangeError(`scatter(): Index tensor must have the same number of dimensions as src tensor (index ${formatShape(index.shape)}, src ${formatShape(src.shape)})`);
    }
    // The kernel reads src while writing x: detach them when they share memory.
    value = src.storage === x.storage ? clone(src) : src;
  } else if (typeof src === 'number' || typeof src === 'boolean') {
    value = castScalar(Number(src), x.dtype);
  } else {
    throw new TypeError(`scatter(): expected src to be a Tensor, number or boolean, got ${src === null ? 'null' : typeof src}`);
  }
  for (let i = 0; i < dimsOf(x); i++) {
    const tooBig = (i !== d && sizeOf(index, i) > sizeOf(x, i)) || (typeof value !== 'number' && sizeOf(index, i) > sizeOf(value, i));
    if (tooBig) {
      throw new RangeError(
        `scatter(): Expected index ${formatShape(index.shape)} to be smaller than self ${formatShape(x.shape)} apart from dimension ${d}` +
          (typeof value === 'number' ? '' : ` and to be smaller size than src ${formatShape(value.shape)}`),
      );
    }
  }
  const write = value;
  if (!canReadSync(x.device)) checkRangeOnDevice(index, sizeOf(x, d), d, false, 'scatter(): ');
  inPlaceWrite(x, 'scatter_', typeof write === 'number' ? [] : [write], () => {
    if (index.numel() > 0) {
      getBackend(x.device).scatter(atLeast1d(x), d, atLeast1d(index), typeof write === 'number' ? write : atLeast1d(write), reduce ?? 'none');
    }
    return null;
  });
}

export function scatter(x: Tensor, dim: number, index: Tensor, src: TensorOrScalar, reduce?: Reduce): Tensor {
  // Computed out of autograd's sight, then recorded as one op of x and src.
  const out = noGrad(() => {
    const o = clone(x);
    writeScatter(o, dim, index, src, reduce);
    return o;
  });
  recordOp('scatter', [x, isTensor(src) ? src : null], [out], { dim: normalizeDim('scatter', dim, x.ndim), index, reduce: reduce ?? 'none' });
  return out;
}

/** x's slices at `index` along dim: a gather with the index expanded over the other dims. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexTensor('index_select', index, true);
  checkSameDevice('index_select', [x, index]);
  if (index.ndim > 1) throw new RangeError(`index_select(): Index is supposed to be a vector, got shape ${formatShape(index.shape)}`);
  const d = normalizeDim('index_select', dim, x.ndim);
  const idx = reshape(index.to('int64'), [index.numel()]);
  // Negative indices are out of range here, as in PyTorch's index_select.
  if (canReadSync(x.device)) runSync(x.device, checkRange(idx, sizeOf(x, d), d, false, 'index_select(): '), () => '');
  else checkRangeOnDevice(idx, sizeOf(x, d), d, false, 'index_select(): ');
  if (x.ndim === 0) {
    // PyTorch gives a 0-d result for a 0-d input whatever the index length (garbage when empty).
    if (idx.numel() === 0) throw new RangeError('index_select(): an empty index has no element to select from a 0-dim tensor');
    return nameGradFn(gather(x, 0, reshape(slice(idx, 0, 0, 1, 1), [])), 'IndexSelectBackward0');
  }
  const shape = x.shape.map((s, i) => (i === d ? idx.shape[0]! : s));
  const spread = reshape(idx, x.shape.map((_, i) => (i === d ? idx.shape[0]! : 1)));
  return nameGradFn(gather(x, d, expand(spread, shape)), 'IndexSelectBackward0');
}
