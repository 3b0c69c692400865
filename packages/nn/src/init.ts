// nn.init: in-place initialisers (under noGrad, so they work on parameters), PyTorch's formulas.
import { noGrad, type Tensor } from '@x/tensor';

export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new RangeError(`calculateGain: unsupported nonlinearity ${String(nonlinearity)}`);
  }
}

/** fan_in and fan_out of a weight [out, in, ...kernel] (PyTorch's _calculate_fan_in_and_fan_out). */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) throw new RangeError(`Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape [${t.shape.join(', ')}])`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1]! * receptive, t.shape[0]! * receptive];
}

type Mode = 'fan_in' | 'fan_out';

function fan(t: Tensor, mode: Mode): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return mode === 'fan_in' ? fanIn : fanOut;
}

export function uniform_<T extends Tensor>(t: T, a = 0, b = 1): T {
  return noGrad(() => t.uniform_(a, b));
}
export function normal_<T extends Tensor>(t: T, mean = 0, std = 1): T {
  return noGrad(() => t.normal_(mean, std));
}
export function constant_<T extends Tensor>(t: T, value: number): T {
  return noGrad(() => t.fill_(value));
}
export function zeros_<T extends Tensor>(t: T): T {
  return constant_(t, 0);
}
export function ones_<T extends Tensor>(t: T): T {
  return constant_(t, 1);
}

export function xavierUniform_<T extends Tensor>(t: T, gain = 1): T {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const std = gain * Math.sqrt(2 / (fanIn + fanOut));
  const bound = Math.sqrt(3) * std; // PyTorch's formula, so the bound rounds the same
  return uniform_(t, -bound, bound);
}

export function xavierNormal_<T extends Tensor>(t: T, gain = 1): T {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

export interface KaimingOptions {
  a?: number;
  mode?: Mode;
  nonlinearity?: Nonlinearity;
}

export function kaimingUniform_<T extends Tensor>(t: T, options: KaimingOptions = {}): T {
  // PyTorch: "Initializing zero-element tensors is a no-op" (its fan would be 0, the bound infinite).
  if (t.numel() === 0) return t;
  const std = calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0) / Math.sqrt(fan(t, options.mode ?? 'fan_in'));
  const bound = Math.sqrt(3) * std;
  return uniform_(t, -bound, bound);
}

export function kaimingNormal_<T extends Tensor>(t: T, options: KaimingOptions = {}): T {
  if (t.numel() === 0) return t;
  const std = calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0) / Math.sqrt(fan(t, options.mode ?? 'fan_in'));
  return normal_(t, 0, std);
}
