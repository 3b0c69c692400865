// Pooling (torch.nn.functional's max_pool2d, avg_pool2d, adaptive_avg_pool2d) over NCHW or CHW
// inputs. Max pooling is a backend primitive that also writes argmax indices (its gradient scatters
// through them); average pooling is a convolution of each plane with a window of ones, divided by
// PyTorch's per-window divisor; adaptive average pooling is separable: P_h @ x @ P_w^T.
import { recordOp } from '../autograd-hook';
import type { ConvGeometry, PoolGeometry } from '../backend';
import { noGrad } from '../grad-mode';
import { getBackend } from '../registry';
import { formatShape } from '../shape';
import type { Tensor } from '../tensor';
import { allocate } from './alloc';
import { tensor, ones } from './creation';
import { binary, div } from './elementwise';
import { matmul } from './linalg';
import { reshape, squeeze, transpose, unsqueeze } from './views';
import { checkFloating, notImplemented, type IntOrList } from './conv/args';
import { planPool } from './conv/pool-plan';

/** maxPool2d's `stride`, `padding`, `dilation`, `ceilMode`, `returnIndices`. */
export interface MaxPool2dOptions {
  /** Default: kernelSize. */
  stride?: IntOrList | null;
  padding?: IntOrList;
  dilation?: IntOrList;
  /** Round the output size up: a last, partial window is kept when it starts inside the input. */
  ceilMode?: boolean;
  /** Also return the argmax indices (ih * W + iw in each plane), as int64. */
  returnIndices?: boolean;
}

/** avgPool2d's `stride`, `padding`, `ceilMode`, `countIncludePad`, `divisorOverride`. */
export interface AvgPool2dOptions {
  stride?: IntOrList | null;
  padding?: IntOrList;
  ceilMode?: boolean;
  /** Count the zero padding in the divisor (default true). */
  countIncludePad?: boolean;
  /** Divide every window by this instead. */
  divisorOverride?: number | null;
}

/** A 3-D (unbatched) input as a batch of one: a recorded view, so gradients reach the input. */
const batchOf = (x: Tensor): Tensor => (x.ndim === 3 ? unsqueeze(x, 0) : x);
const unbatch = (t: Tensor, input: Tensor): Tensor => (input.ndim === 3 ? squeeze(t, 0) : t);

export function maxPool2d(input: Tensor, kernelSize: IntOrList, options?: MaxPool2dOptions & { returnIndices?: false }): Tensor;
export function maxPool2d(input: Tensor, kernelSize: IntOrList, options: MaxPool2dOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(input: Tensor, kernelSize: IntOrList, options?: MaxPool2dOptions): Tensor | [Tensor, Tensor];
export function maxPool2d(input: Tensor, kernelSize: IntOrList, options: MaxPool2dOptions = {}): Tensor | [Tensor, Tensor] {
  const op = 'max_pool2d';
  const plan = planPool(op, input, {
    kernelSize, stride: options.stride, padding: options.padding ?? 0, dilation: options.dilation ?? 1, ceilMode: options.ceilMode ?? false,
  }, 'be either be a single int, or a tuple of two ints');
  checkFloating(op, 'max_pool2d', input);
  const x = batchOf(input);
  const shape = [x.shape[0]!, x.shape[1]!, ...plan.outSize];
  // the kernel writes every value and index (Backend.maxPool2d): no zero fill
  const values = allocate(shape, x.dtype, x.device, op, 'uninit');
  const indices = allocate(shape, 'int64', x.device, op, 'uninit');
  if (values.numel() > 0) getBackend(x.device).maxPool2d(x, plan, values, indices);
  recordOp('maxPool2d', [x], [values], { indices, plan });
  const v = unbatch(values, input);
  return options.returnIndices ? [v, unbatch(indices, input)] : v;
}

/**
 * The gradient of maxPool2d (batched): gradOut added into zeros of `inputShape` at `indices`.
 * Recorded, so that it is differentiable too (its own gradient gathers at the same indices).
 */
export function maxPool2dBackward(gradOut: Tensor, indices: Tensor, inputShape: readonly number[], geometry: PoolGeometry): Tensor {
  const gradInput = allocate(inputShape, gradOut.dtype, gradOut.device, 'max_pool2d backward');
  if (gradOut.numel() > 0) getBackend(gradOut.device).maxPool2dBackward(gradOut, indices, geometry, gradInput);
  recordOp('maxPool2dBackward', [gradOut], [gradInput], { indices });
  return gradInput;
}

/** PyTorch's divisor of each output position (cpu_avg_pool), as a [OH, OW] table. */
function divisors(H: number, W: number, kernel: readonly number[], stride: readonly number[], padding: readonly number[], outSize: readonly number[], includePad: boolean): number[][] {
  const along = (size: number, k: number, s: number, p: number, o: number) => {
    let i0 = o * s - p;
    let i1 = Math.min(i0 + k, size + p);
    const padded = i1 - i0;
    i0 = Math.max(i0, 0);
    i1 = Math.min(i1, size);
    return { padded, inside: Math.max(i1 - i0, 0) };
  };
  return Array.from({ length: outSize[0]! }, (_, oh) => {
    const h = along(H, kernel[0]!, stride[0]!, padding[0]!, oh);
    return Array.from({ length: outSize[1]! }, (_, ow) => {
      const w = along(W, kernel[1]!, stride[1]!, padding[1]!, ow);
      // an empty window sums to 0: any divisor but 0 keeps it 0
      if (h.inside === 0 || w.inside === 0) return 1;
      return includePad ? h.padded * w.padded : h.inside * w.inside;
    });
  });
}

export function avgPool2d(input: Tensor, kernelSize: IntOrList, options: AvgPool2dOptions = {}): Tensor {
  const op = 'avg_pool2d';
  if (options.divisorOverride === 0) throw new RangeError(`${op}: divisor must be not zero`);
  const plan = planPool(op, input, {
    kernelSize, stride: options.stride, padding: options.padding ?? 0, dilation: 1, ceilMode: options.ceilMode ?? false,
  }, 'either be a single int, or a tuple of two ints');
  if (input.dtype !== 'float32' && input.dtype !== 'float64' && input.dtype !== 'int64') notImplemented(op, 'avg_pool2d', input.dtype, input.shape);
  const x = batchOf(input);
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const table = options.divisorOverride != null
    ? [[options.divisorOverride]]
    : divisors(H, W, plan.kernel, plan.stride, plan.padding, plan.outSize, options.countIncludePad ?? true);
  const geometry: ConvGeometry & { spatial: 2; paddingEnd: readonly [number, number] } = {
    spatial: 2, stride: plan.stride, padding: plan.padding, paddingEnd: plan.padding, dilation: [1, 1], groups: 1,
  };
  const result = noGrad(() => {
    const divisor = tensor(table, { dtype: x.dtype, device: x.device });
    const window = ones([1, 1, ...plan.kernel], { dtype: x.dtype, device: x.device });
    const sums = allocate([N * C, 1, ...plan.outSize], x.dtype, x.device, op);
    if (sums.numel() > 0) getBackend(x.device).conv2d(reshape(x, [N * C, 1, H, W]), window, null, geometry, sums);
    // integer inputs divide as C++ does (truncating), like PyTorch's int64 avg_pool2d
    const mean = x.dtype === 'int64' ? div(sums, divisor, 'trunc') : binary('div', sums, divisor);
    return { out: reshape(mean, [N, C, ...plan.outSize]), divisor, window };
  });
  recordOp('avgPool2d', [x], [result.out], { plan: geometry, divisor: result.divisor, window: result.window });
  return unbatch(result.out, input);
}

/** Averaging matrix [out, size]: row o averages input positions floor(o * size / out) .. ceil((o + 1) * size / out) - 1. */
function averaging(out: number, size: number, like: Tensor): Tensor {
  const values = new Array<number>(out * size).fill(0);
  for (let o = 0; o < out; o++) {
    const start = Math.floor((o * size) / out);
    const end = Math.ceil(((o + 1) * size) / out);
    for (let i = start; i < end; i++) values[o * size + i] = 1 / (end - start);
  }
  return reshape(tensor(values, { dtype: like.dtype, device: like.device }), [out, size]);
}

export function adaptiveAvgPool2d(input: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  const op = 'adaptive_avg_pool2d';
  const sizes = typeof outputSize === 'number' ? [outputSize, outputSize] : [...outputSize];
  if (sizes.length !== 2) throw new RangeError(`${op}: output_size must be 2, but got output_size=[${sizes.join(', ')}]`);
  if (input.ndim !== 3 && input.ndim !== 4) throw new RangeError(`${op}(): Expected 3D or 4D tensor, but got ${formatShape(input.shape)}`);
  const [H, W] = input.shape.slice(-2) as [number, number];
  // null keeps the input's size, as PyTorch's None
  const [oh, ow] = [sizes[0] ?? H, sizes[1] ?? W];
  if (oh < 0 || ow < 0) throw new RangeError(`${op}: elements of output_size must be greater than or equal to 0 but received {${oh}, ${ow}}`);
  for (const d of [-2, -1]) {
    if (input.shape[input.ndim + d] === 0) {
      throw new RangeError(`${op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${formatShape(input.shape)} with dimension ${input.ndim + d} being empty`);
    }
  }
  checkFloating(op, 'adaptive_avg_pool2d', input);
  const result = noGrad(() => {
    const ph = averaging(oh, H, input);
    const pw = averaging(ow, W, input);
    return { out: matmul(ph, matmul(input, transpose(pw, 0, 1))), ph, pw };
  });
  recordOp('adaptiveAvgPool2d', [input], [result.out], { ph: result.ph, pw: result.pw });
  return result.out;
}
