// Rearranging copies: repeat, tile, flip, roll, tril, triu. Each result is a fresh contiguous tensor.
import { nameGradFn, recordOp } from '../autograd-hook';
import type { TensorRef } from '../backend';
import { DEFAULT_INT } from '../dtype';
import { getBackend } from '../registry';
import { contiguousStrides, formatShape, normalizeDim, normalizeDims } from '../shape';
import type { Tensor } from '../tensor';
import { allocate } from './alloc';
import { arange } from './creation';
import { binary, maskedFill } from './elementwise';
import { makeView, narrow, reshape } from './views';

export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < x.ndim) {
    throw new RangeError(
      `repeat: Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor ` +
        `(got repeats ${formatShape(sizes)} for a tensor of shape ${formatShape(x.shape)}); give one repeat per dim`,
    );
  }
  const lead = sizes.length - x.ndim;
  const inShape = [...new Array<number>(lead).fill(1), ...x.shape];
  const inStrides = [...new Array<number>(lead).fill(0), ...x.strides];
  const outShape = sizes.map((r, i) => r * inShape[i]!);
  sizes.forEach((r, i) => {
    if (!Number.isInteger(r)) throw new TypeError(`repeat: repeats must be integers, got ${formatShape(sizes)}`);
    if (r < 0) throw new RangeError(`repeat: Trying to create tensor with negative dimension ${outShape[i]}: ${formatShape(outShape)}`);
  });
  // Viewed as [r0, s0, r1, s1, ...], the output is the input broadcast along each r: one strided copy.
  const pairShape = sizes.flatMap((r, i) => [r, inShape[i]!]);
  const src: TensorRef = { storage: x.storage, dtype: x.dtype, shape: pairShape, strides: sizes.flatMap((_, i) => [0, inStrides[i]!]), offset: x.offset };
  const out = allocate(outShape, x.dtype, x.device, 'repeat', 'uninit');
  getBackend(x.device).copy(src, makeView(out, pairShape, contiguousStrides(pairShape), 0));
  recordOp('repeat', [x], [out], { sizes });
  return out;
}

export function tile(x: Tensor, dims: readonly number[]): Tensor {
  const padded = dims.length < x.ndim ? [...new Array<number>(x.ndim - dims.length).fill(1), ...dims] : dims;
  return repeat(x, padded);
}

export function flip(x: Tensor, dims: readonly number[]): Tensor {
  const flipped = normalizeDims('flip', dims, x.ndim);
  // A view with negative strides over the flipped dims, read by one strided copy. It is only
  // ever handed to the copy kernel: PyTorch has no negative strides, so users never see it.
  const strides = [...x.strides];
  let offset = x.offset;
  if (x.numel() > 0) {
    for (const d of flipped) {
      offset += (x.shape[d]! - 1) * strides[d]!;
      strides[d] = -strides[d]!;
    }
  }
  const src: TensorRef = { storage: x.storage, dtype: x.dtype, shape: x.shape, strides, offset };
  const out = allocate(x.shape, x.dtype, x.device, 'flip', 'uninit');
  getBackend(x.device).copy(src, out);
  recordOp('flip', [x], [out], { dims: flipped });
  return out;
}

export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  const shiftList = typeof shifts === 'number' ? [shifts] : [...shifts];
  const dimList = dims === undefined ? [] : typeof dims === 'number' ? [dims] : [...dims];
  if (shiftList.some((s) => !Number.isInteger(s))) throw new TypeError(`roll: shifts must be integers, got ${formatShape(shiftList)}`);
  if (dimList.length === 0) {
    if (shiftList.length !== 1) {
      throw new RangeError(`roll: shifts and dimensions must align. shifts: ${shiftList.length}, dims:0 (without dims, give one shift to roll the flattened tensor)`);
    }
    return reshape(roll(reshape(x, [-1]), shiftList, [0]), x.shape);
  }
  if (shiftList.length !== dimList.length) {
    throw new RangeError(`roll: shifts and dimensions must align. shifts: ${shiftList.length}, dims:${dimList.length}; give one shift per dim`);
  }
  if (x.ndim === 0) throw new RangeError(`roll: Dimension specified as ${dimList[0]} but tensor has no dimensions; roll a 0-d tensor without dims`);
  // Repeating a dim rolls it twice: add up the shifts per dim.
  const total = new Map<number, number>();
  dimList.forEach((dim, i) => {
    const d = normalizeDim('roll', dim, x.ndim);
    total.set(d, (total.get(d) ?? 0) + shiftList[i]!);
  });
  const out = allocate(x.shape, x.dtype, x.device, 'roll', 'uninit');
  // Each rolled dim splits every (source, target) block pair in two, so the data moves once.
  let pairs: [Tensor, Tensor][] = [[x, out]];
  for (const [d, shift] of total) {
    const n = x.shape[d]!;
    const s = n === 0 ? 0 : ((shift % n) + n) % n;
    if (s === 0) continue;
    pairs = pairs.flatMap(([src, dst]): [Tensor, Tensor][] => [
      [narrow(src, d, 0, n - s), narrow(dst, d, s, n - s)],
      [narrow(src, d, n - s, s), narrow(dst, d, 0, s)],
    ]);
  }
  const backend = getBackend(x.device);
  for (const [src, dst] of pairs) backend.copy(src, dst);
  recordOp('roll', [x], [out], { shifts: [...total.values()], dims: [...total.keys()] });
  return out;
}

/** Zeroes the elements above (tril) or below (triu) the given diagonal of the last two dims. */
function triangle(op: 'tril' | 'triu', x: Tensor, diagonal: number): Tensor {
  if (x.ndim < 2) throw new RangeError(`${op}: input tensor must have at least 2 dimensions, but got shape ${formatShape(x.shape)}`);
  if (!Number.isInteger(diagonal)) throw new TypeError(`${op}: diagonal must be an integer, got ${diagonal}`);
  const m = x.shape[x.ndim - 2]!;
  const n = x.shape[x.ndim - 1]!;
  const options = { dtype: DEFAULT_INT, device: x.device };
  const rowsPlusDiag = binary('add', reshape(arange(0, m, 1, options), [m, 1]), diagonal);
  const cols = reshape(arange(0, n, 1, options), [1, n]);
  // Element (i, j) sits on diagonal j - i; tril keeps j - i <= diagonal, triu keeps j - i >= diagonal.
  const drop = binary(op === 'tril' ? 'gt' : 'lt', cols, rowsPlusDiag);
  return nameGradFn(maskedFill(x, drop, 0), op === 'tril' ? 'TrilBackward0' : 'TriuBackward0', x);
}

export function tril(x: Tensor, diagonal = 0): Tensor {
  return triangle('tril', x, diagonal);
}

export function triu(x: Tensor, diagonal = 0): Tensor {
  return triangle('triu', x, diagonal);
}
