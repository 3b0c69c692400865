// Joining and splitting along a dim: cat, stack (copies) and split, chunk (views).
import { isTracking, nameGradFn, recordOp } from '../autograd-hook';
import { checkSameDevice } from '../errors';
import { resultType } from '../promote';
import { getBackend } from '../registry';
import { formatShape, normalizeDim, sameShape } from '../shape';
import { isTensor, type Tensor } from '../tensor';
import { allocate } from './alloc';
import { narrow, unsqueeze } from './views';

function checkTensorList(op: string, tensors: readonly Tensor[], empty: string): void {
  if (!Array.isArray(tensors)) throw new TypeError(`${op}: expected a list of Tensors, got ${typeof tensors}`);
  if (tensors.length === 0) throw new RangeError(empty);
  tensors.forEach((t, i) => {
    if (!isTensor(t)) throw new TypeError(`${op}: expected a list of Tensors, but element ${i} is ${t === null ? 'null' : typeof t}`);
  });
}

/** PyTorch still skips 1-D tensors of shape [0] in cat, whatever the other inputs' ndim (legacy behaviour). */
const isLegacyEmpty = (t: Tensor): boolean => t.ndim === 1 && t.shape[0] === 0;

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  checkTensorList('cat', tensors, 'torch.cat(): expected a non-empty list of Tensors');
  const device = checkSameDevice('cat', tensors);
  const dtype = resultType(tensors);
  tensors.forEach((t, i) => {
    if (t.ndim === 0) throw new RangeError(`cat: zero-dimensional tensor (at position ${i}) cannot be concatenated; use stack, or unsqueeze(0) it first`);
  });
  const used = tensors.map((t, i) => ({ t, i })).filter(({ t }) => !isLegacyEmpty(t));
  if (used.length === 0) return allocate([0], dtype, device, 'cat');
  const ref = used[0]!.t;
  const d = normalizeDim('cat', dim, ref.ndim);
  const shape = [...ref.shape];
  shape[d] = 0;
  for (const { t, i } of used) {
    if (t.ndim !== ref.ndim) {
      throw new RangeError(`cat: Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim} (shapes ${formatShape(ref.shape)} and ${formatShape(t.shape)} at position ${i})`);
    }
    for (let k = 0; k < ref.ndim; k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new RangeError(
          `cat: Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${t.shape[k]} for tensor number ${i} in the list ` +
            `(shapes ${formatShape(ref.shape)} and ${formatShape(t.shape)}, concatenating along dim ${d})`,
        );
      }
    }
    shape[d]! += t.shape[d]!;
  }
  const out = allocate(shape, dtype, device, 'cat', 'uninit');
  const backend = getBackend(device);
  let at = 0;
  for (const { t } of used) {
    const n = t.shape[d]!;
    if (n > 0) backend.copy(t, narrow(out, d, at, n));
    at += n;
  }
  recordOp('cat', used.map((u) => u.t), [out], { dim: d });
  return out;
}

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  checkTensorList('stack', tensors, 'stack expects a non-empty TensorList');
  const first = tensors[0]!;
  tensors.forEach((t, i) => {
    if (!sameShape(t.shape, first.shape)) {
      throw new RangeError(`stack expects each tensor to be equal size, but got ${formatShape(first.shape)} at entry 0 and ${formatShape(t.shape)} at entry ${i}`);
    }
  });
  const d = normalizeDim('stack', dim, first.ndim + 1);
  if (!isTracking(tensors)) return stackUntracked(tensors, d);
  return nameGradFn(cat(tensors.map((t) => unsqueeze(t, d)), d), 'StackBackward0', ...tensors);
}

/**
 * stack when autograd does not record it (a DataLoader's batch of samples): cat's checks and result,
 * each input copied straight into its slot of the result, without an unsqueezed and a narrowed view
 * tensor per input.
 */
function stackUntracked(tensors: readonly Tensor[], d: number): Tensor {
  for (const t of tensors) void t.storage; // a disposed input fails here, before the result is allocated
  const device = checkSameDevice('cat', tensors);
  const dtype = resultType(tensors);
  const shape = [...tensors[0]!.shape];
  shape.splice(d, 0, tensors.length);
  const out = allocate(shape, dtype, device, 'cat', 'uninit');
  const backend = getBackend(device);
  const strides = out.strides.filter((_, k) => k !== d);
  const step = out.strides[d]!;
  tensors.forEach((t, i) => backend.copy(t, { storage: out.storage, dtype: out.dtype, shape: t.shape, strides, offset: out.offset + i * step }));
  return out;
}

function checkAtLeast1d(op: string, x: Tensor): void {
  if (x.ndim === 0) throw new RangeError(`${op} expects at least a 1-dimensional tensor (got a 0-d tensor); use reshape(1) or unsqueeze(0) first`);
}

function splitWithSizes(x: Tensor, sizes: readonly number[], d: number): Tensor[] {
  const size = x.shape[d]!;
  if (sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new RangeError(`split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${formatShape(sizes)}`);
  }
  const total = sizes.reduce((a, s) => a + s, 0);
  if (total !== size) {
    throw new RangeError(
      `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=${formatShape(sizes)} (input shape ${formatShape(x.shape)})`,
    );
  }
  let at = 0;
  return sizes.map((s) => {
    const v = nameGradFn(narrow(x, d, at, s), 'SplitWithSizesBackward0', x);
    at += s;
    return v;
  });
}

export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  checkAtLeast1d('split', x);
  const d = normalizeDim('split', dim, x.ndim);
  if (typeof splitSizeOrSections !== 'number') return splitWithSizes(x, splitSizeOrSections, d);
  const step = splitSizeOrSections;
  const size = x.shape[d]!;
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`split expects split_size be non-negative, but got split_size=${step}`);
  if (step === 0 && size !== 0) {
    throw new RangeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size} (dim ${d} of shape ${formatShape(x.shape)})`);
  }
  // An empty dim still gives one (empty) piece, as PyTorch.
  const pieces = step === 0 ? 1 : Math.max(Math.ceil(size / step), 1);
  return Array.from({ length: pieces }, (_, i) => nameGradFn(narrow(x, d, i * step, Math.min(step, size - i * step)), 'SplitBackward0', x));
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  checkAtLeast1d('chunk', x);
  if (!Number.isInteger(chunks) || chunks <= 0) throw new RangeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = normalizeDim('chunk', dim, x.ndim);
  const size = x.shape[d]!;
  // An empty dim gives exactly `chunks` empty pieces; otherwise pieces of ceil(size / chunks), maybe fewer.
  if (size === 0) return splitWithSizes(x, new Array<number>(chunks).fill(0), d);
  return split(x, Math.ceil(size / chunks), d);
}
