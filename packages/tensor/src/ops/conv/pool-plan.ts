// max_pool2d/avg_pool2d: PyTorch's argument checks, in its order and with its messages, and the
// output size (pooling_output_shape, with ceil mode's "the last window starts inside the input").
import type { PoolGeometry } from '../../backend';
import { formatShape } from '../../shape';
import type { Tensor } from '../../tensor';
import { poolPair, type IntOrList } from './args';

export interface PoolPlan extends PoolGeometry {
  readonly outSize: readonly [number, number];
}

/** pooling_output_shape for one dim (floor division rounds toward -infinity, as div_rtn). */
function outputSize(op: string, size: number, kernel: number, pad: number, stride: number, dilation: number, ceilMode: boolean): number {
  if (stride === 0) throw new RangeError(`${op}: stride should not be zero`);
  if (pad < 0) throw new RangeError(`${op}: pad must be non-negative, but got pad: ${pad}`);
  if (pad > Math.floor(kernel / 2)) throw new RangeError(`${op}: pad should be at most half of kernel size, but got pad=${pad} and kernel_size=${kernel}`);
  let out = Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  // in ceil mode the last window must start inside the input or its left padding
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

export interface PoolArgs {
  kernelSize: IntOrList;
  stride?: IntOrList | null;
  padding: IntOrList;
  dilation: IntOrList;
  ceilMode: boolean;
}

/** Checks a 3-D or 4-D input and the window arguments of `op`; the plan is for the input's last two dims. */
export function planPool(op: string, x: Tensor, a: PoolArgs, paddingWording: string): PoolPlan {
  const kernel = poolPair(op, 'kernel_size', a.kernelSize, 'either be a single int, or a tuple of two ints');
  const strideArg = a.stride ?? [];
  const strideList = typeof strideArg === 'number' ? [strideArg] : strideArg;
  const stride = strideList.length === 0 ? kernel : poolPair(op, 'stride', strideList, 'either be omitted, a single int, or a tuple of two ints');
  const padding = poolPair(op, 'padding', a.padding, paddingWording);
  const dilation = poolPair(op, 'dilation', a.dilation, 'be either a single int, or a tuple of two ints');
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new RangeError(`${op}: non-empty 3D or 4D (batch mode) tensor expected for input, but got input of size ${formatShape(x.shape)}`);
  }
  const [H, W] = x.shape.slice(-2) as [number, number];
  const oh = outputSize(op, H, kernel[0], padding[0], stride[0], dilation[0], a.ceilMode);
  const ow = outputSize(op, W, kernel[1], padding[1], stride[1], dilation[1], a.ceilMode);
  if (kernel[0] <= 0 || kernel[1] <= 0) throw new RangeError(`${op}: kernel size should be greater than zero, but got kH: ${kernel[0]} kW: ${kernel[1]}`);
  if (stride[0] <= 0 || stride[1] <= 0) throw new RangeError(`${op}: stride should be greater than zero, but got dH: ${stride[0]} dW: ${stride[1]}`);
  if (dilation[0] <= 0 || dilation[1] <= 0) {
    throw new RangeError(`${op}: dilation should be greater than zero, but got dilationH: ${dilation[0]} dilationW: ${dilation[1]}`);
  }
  const planes = x.shape[x.ndim - 3]!;
  if (planes === 0 || H === 0 || W === 0 || (x.ndim === 3 && x.shape[0] === 0)) {
    throw new RangeError(`${op}: Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(x.shape)}`);
  }
  if (oh < 1 || ow < 1) {
    throw new RangeError(`${op}: Given input size: (${planes}x${H}x${W}). Calculated output size: (${planes}x${oh}x${ow}). Output size is too small`);
  }
  return { kernel, stride, padding, dilation, outSize: [oh, ow] };
}
