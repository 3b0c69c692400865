// conv1d/conv2d: PyTorch's checks, in its order and with its messages, and the geometry they give.
import type { ConvGeometry } from '../../backend';
import type { DType } from '../../dtype';
import { checkSameDevice } from '../../errors';
import { formatShape } from '../../shape';
import type { Tensor } from '../../tensor';
import { convParam, notImplemented, scalarTypeName, type IntOrList } from './args';

/** A convolution's `stride`, `padding` (a size, `'same'` or `'valid'`), `dilation` and `groups`. */
export interface ConvOptions {
  /** Step of the window (default 1). */
  stride?: IntOrList;
  /** Zeros added on both sides (default 0); 'valid' is 0, 'same' keeps the input size (stride 1 only). */
  padding?: IntOrList | 'valid' | 'same';
  /** Spacing between kernel elements (default 1). */
  dilation?: IntOrList;
  /** Channel groups (default 1); groups = channels is a depthwise convolution. */
  groups?: number;
}

/**
 * A convolution in 2-D terms (conv1d runs as conv2d over a unit height): the backend's geometry
 * plus the bottom/right padding, which only sets the output size ('same' may pad one more there).
 * @internal autograd plumbing for @x/autograd and backends (not part of the user API).
 */
export interface ConvPlan extends ConvGeometry {
  /** 1 for conv1d (tensors [N, C, L]), 2 for conv2d ([N, C, H, W]). */
  readonly spatial: 1 | 2;
  readonly paddingEnd: readonly [number, number];
}

/** c10's dtype names, as in "Input type (float) and bias type (double) should be the same". */
const C10_NAMES: Record<DType, string> = { float32: 'float', float64: 'double', int32: 'int', int64: 'long', uint8: 'unsigned char', bool: 'bool' };

/** Output size of one dim. */
export function convOutputSize(size: number, padBegin: number, padEnd: number, kernel: number, stride: number, dilation: number): number {
  return Math.floor((size + padBegin + padEnd - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** A per-dim list lifted to 2-D (conv1d's values go to the width; the height is a unit dim). */
const lift = (values: readonly number[], unit: number): [number, number] =>
  values.length === 1 ? [unit, values[0]!] : [values[0]!, values[1]!];

/** Checks a batched input ([N, C, ...spatial]) and weight, and returns the plan of their convolution. */
export function planConv(op: string, n: 1 | 2, x: Tensor, weight: Tensor, bias: Tensor | null, options: ConvOptions): ConvPlan {
  const groups = options.groups ?? 1;
  const paddingArg = options.padding ?? 0;
  if (typeof paddingArg === 'string' && paddingArg !== 'same' && paddingArg !== 'valid') {
    throw new RangeError(`${op}: Invalid padding string: '${paddingArg}' (use 'valid', 'same', an int or a list of ints)`);
  }
  if (!Number.isInteger(groups) || groups <= 0) throw new RangeError(`${op}: non-positive groups is not supported (got groups=${groups})`);
  const wd = weight.ndim;
  if (wd < 3) throw new RangeError(`${op}: Expected ${n + 2}-dimensional weight, but got weight of size ${formatShape(weight.shape)}`);
  // PyTorch spreads an int over the op's dims first, then matches the list to the weight's dims.
  const spread = (v: IntOrList) => (typeof v === 'number' ? new Array<number>(n).fill(v) : v);
  const stride = convParam(op, 'stride', spread(options.stride ?? 1), wd - 2);
  const dilation = convParam(op, 'dilation', spread(options.dilation ?? 1), wd - 2);
  const kernel = weight.shape.slice(2);
  let padBegin: number[];
  let padEnd: number[];
  if (paddingArg === 'same') {
    if (stride.some((s) => s !== 1)) throw new RangeError(`${op}: padding='same' is not supported for strided convolutions (stride=[${stride.join(', ')}])`);
    // total padding d * (k - 1); an odd total puts the extra zero at the end, as PyTorch does
    padBegin = kernel.map((k, i) => Math.floor((dilation[i]! * (k - 1)) / 2));
    padEnd = kernel.map((k, i) => dilation[i]! * (k - 1) - padBegin[i]!);
  } else {
    padBegin = paddingArg === 'valid' ? new Array<number>(wd - 2).fill(0) : convParam(op, 'padding', spread(paddingArg), wd - 2);
    padEnd = padBegin;
  }
  if (padBegin.some((p) => p < 0)) throw new RangeError(`${op}: negative padding is not supported (padding=[${padBegin.join(', ')}])`);
  if (stride.some((s) => s <= 0)) throw new RangeError(`${op}: non-positive stride is not supported (stride=[${stride.join(', ')}])`);
  if (dilation.some((d) => d <= 0)) throw new RangeError(`${op}: dilation should be greater than zero, but got [${dilation.join(', ')}]`);
  checkShapes(op, x, weight, bias, groups, padBegin, padEnd, dilation);
  checkTypes(op, x, weight, bias);
  return {
    spatial: n,
    stride: lift(stride, 1),
    padding: lift(padBegin, 0),
    paddingEnd: lift(padEnd, 0),
    dilation: lift(dilation, 1),
    groups,
  };
}

function checkShapes(op: string, x: Tensor, weight: Tensor, bias: Tensor | null, groups: number, padBegin: number[], padEnd: number[], dilation: number[]): void {
  const ws = formatShape(weight.shape);
  if (weight.ndim !== x.ndim) {
    throw new RangeError(`${op}: Expected ${weight.ndim}-dimensional input for ${weight.ndim}-dimensional weight ${ws}, but got ${x.ndim}-dimensional input of size ${formatShape(x.shape)} instead`);
  }
  const cout = weight.shape[0]!;
  if (cout < groups) throw new RangeError(`${op}: Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size ${ws} instead`);
  if (cout % groups !== 0) throw new RangeError(`${op}: Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${ws}] instead`);
  const channels = weight.shape[1]! * groups;
  if (x.shape[1] !== channels) {
    throw new RangeError(`${op}: Given groups=${groups}, weight of size ${ws}, expected input${formatShape(x.shape)} to have ${channels} channels, but got ${x.shape[1]} channels instead`);
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== cout)) {
    throw new RangeError(`${op}: Given weight of size ${ws}, expected bias to be 1-dimensional with ${cout} elements, but got bias of size ${formatShape(bias.shape)} instead`);
  }
  const padded = x.shape.slice(2).map((s, i) => s + padBegin[i]! + padEnd[i]!);
  const extent = weight.shape.slice(2).map((k, i) => dilation[i]! * (k - 1) + 1);
  if (padded.some((p, i) => p < extent[i]!)) {
    throw new RangeError(`${op}: Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${extent.join(' x ')}). Kernel size can't be greater than actual input size`);
  }
}

function checkTypes(op: string, x: Tensor, weight: Tensor, bias: Tensor | null): void {
  checkSameDevice(op, bias ? [x, weight, bias] : [x, weight]);
  if (weight.dtype !== x.dtype) {
    throw new TypeError(`${op}: expected scalar type ${scalarTypeName(x.dtype)} but found ${scalarTypeName(weight.dtype)} (input ${x.dtype}, weight ${weight.dtype}); convert the weight with .to('${x.dtype}')`);
  }
  if (x.dtype === 'bool') notImplemented(op, 'slow_conv2d_cpu', x.dtype, x.shape);
}

/** The bias dtype check, which PyTorch makes before any other. */
export function checkBiasType(op: string, x: Tensor, bias: Tensor | null): void {
  if (bias !== null && bias.dtype !== x.dtype) {
    throw new TypeError(`${op}: Input type (${C10_NAMES[x.dtype]}) and bias type (${C10_NAMES[bias.dtype]}) should be the same; convert the bias with .to('${x.dtype}')`);
  }
}
