// nn.init: in-place initialisers (under noGrad, so they work on parameters), PyTorch's formulas.
import { bindArgs, defineSignature, noGrad, type Tensor } from '@x/tensor';

const sig = (text: string, doc: string) => defineSignature(`nn.init.${text}`, { doc });
const CALCULATE_GAIN = sig('calculateGain(nonlinearity: Nonlinearity, param: number | null = null): number', 'The recommended gain for a nonlinearity.');
const FAN = sig('calculateFanInAndFanOut(tensor: Tensor): [number, number]', 'fan_in and fan_out of a weight [out, in, ...kernel].');
const UNIFORM = sig('uniform_(tensor: Tensor, a: number = 0.0, b: number = 1.0): Tensor', 'Fills with U(a, b).');
const NORMAL = sig('normal_(tensor: Tensor, mean: number = 0.0, std: number = 1.0): Tensor', 'Fills with N(mean, std²).');
const CONSTANT = sig('constant_(tensor: Tensor, val: number): Tensor', 'Fills with val.');
const ZEROS = sig('zeros_(tensor: Tensor): Tensor', 'Fills with 0.');
const ONES = sig('ones_(tensor: Tensor): Tensor', 'Fills with 1.');
const XAVIER_UNIFORM = sig('xavierUniform_(tensor: Tensor, gain: number = 1.0): Tensor', 'Glorot uniform.');
const XAVIER_NORMAL = sig('xavierNormal_(tensor: Tensor, gain: number = 1.0): Tensor', 'Glorot normal.');
const KAIMING_UNIFORM = sig("kaimingUniform_(tensor: Tensor, a: number = 0, mode: 'fan_in' | 'fan_out' = 'fan_in', nonlinearity: Nonlinearity = 'leaky_relu'): Tensor", 'He uniform.');
const KAIMING_NORMAL = sig("kaimingNormal_(tensor: Tensor, a: number = 0, mode: 'fan_in' | 'fan_out' = 'fan_in', nonlinearity: Nonlinearity = 'leaky_relu'): Tensor", 'He normal.');

type T = { tensor: Tensor };

/** The activations calculateGain knows (PyTorch's names: `'relu'`, `'leaky_relu'`, `'tanh'`...). */
export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** The recommended gain for a nonlinearity (PyTorch's `nn.init.calculate_gain`). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number;
export function calculateGain(nonlinearity: Nonlinearity, options: { param?: number | null }): number;
export function calculateGain(options: { nonlinearity: Nonlinearity; param?: number | null }): number;
export function calculateGain(...args: unknown[]): number {
  const { nonlinearity, param } = bindArgs<{ nonlinearity: Nonlinearity; param: number | null }>(CALCULATE_GAIN, args);
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
export function calculateFanInAndFanOut(tensor: Tensor): [number, number];
export function calculateFanInAndFanOut(...args: unknown[]): [number, number] {
  const t = bindArgs<T>(FAN, args).tensor;
  if (t.ndim < 2) throw new RangeError(`Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape [${t.shape.join(', ')}])`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1]! * receptive, t.shape[0]! * receptive];
}

type Mode = 'fan_in' | 'fan_out';

function fan(t: Tensor, mode: Mode): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return mode === 'fan_in' ? fanIn : fanOut;
}

/** `init.uniform_(w, -0.1, 0.1)`, `init.uniform_(w, { a: -0.1, b: 0.1 })`. */
export function uniform_<X extends Tensor>(tensor: X, a?: number, b?: number): X;
export function uniform_<X extends Tensor>(tensor: X, options: { a?: number; b?: number }): X;
export function uniform_<X extends Tensor>(options: { tensor: X; a?: number; b?: number }): X;
export function uniform_(...args: unknown[]): Tensor {
  const { tensor: t, a, b } = bindArgs<T & { a: number; b: number }>(UNIFORM, args);
  return noGrad(() => t.uniform_(a, b));
}
/** `init.normal_(w)`, `init.normal_(w, 0, 0.02)`, `init.normal_(w, { mean: 0, std: 0.02 })`. */
export function normal_<X extends Tensor>(tensor: X, mean?: number, std?: number): X;
export function normal_<X extends Tensor>(tensor: X, options: { mean?: number; std?: number }): X;
export function normal_<X extends Tensor>(options: { tensor: X; mean?: number; std?: number }): X;
export function normal_(...args: unknown[]): Tensor {
  const { tensor: t, mean, std } = bindArgs<T & { mean: number; std: number }>(NORMAL, args);
  return noGrad(() => t.normal_(mean, std));
}
/** Fills the tensor with `val`, in place (PyTorch's `nn.init.constant_`). */
export function constant_<X extends Tensor>(tensor: X, val: number): X;
export function constant_<X extends Tensor>(tensor: X, options: { val: number }): X;
export function constant_<X extends Tensor>(options: { tensor: X; val: number }): X;
export function constant_(...args: unknown[]): Tensor {
  const { tensor: t, val } = bindArgs<T & { val: number }>(CONSTANT, args);
  return noGrad(() => t.fill_(val));
}
/** Fills the tensor with zeros, in place (PyTorch's `nn.init.zeros_`). */
export function zeros_<X extends Tensor>(tensor: X): X;
export function zeros_(...args: unknown[]): Tensor {
  return constant_(bindArgs<T>(ZEROS, args).tensor, 0);
}
/** Fills the tensor with ones, in place (PyTorch's `nn.init.ones_`). */
export function ones_<X extends Tensor>(tensor: X): X;
export function ones_(...args: unknown[]): Tensor {
  return constant_(bindArgs<T>(ONES, args).tensor, 1);
}

/** Glorot uniform initialization in place (PyTorch's `nn.init.xavier_uniform_`). */
export function xavierUniform_<X extends Tensor>(tensor: X, gain?: number): X;
export function xavierUniform_<X extends Tensor>(tensor: X, options: { gain?: number }): X;
export function xavierUniform_<X extends Tensor>(options: { tensor: X; gain?: number }): X;
export function xavierUniform_(...args: unknown[]): Tensor {
  const { tensor: t, gain } = bindArgs<T & { gain: number }>(XAVIER_UNIFORM, args);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const std = gain * Math.sqrt(2 / (fanIn + fanOut));
  const bound = Math.sqrt(3) * std; // PyTorch's formula, so the bound rounds the same
  return uniform_(t, -bound, bound);
}

/** Glorot normal initialization in place (PyTorch's `nn.init.xavier_normal_`). */
export function xavierNormal_<X extends Tensor>(tensor: X, gain?: number): X;
export function xavierNormal_<X extends Tensor>(tensor: X, options: { gain?: number }): X;
export function xavierNormal_<X extends Tensor>(options: { tensor: X; gain?: number }): X;
export function xavierNormal_(...args: unknown[]): Tensor {
  const { tensor: t, gain } = bindArgs<T & { gain: number }>(XAVIER_NORMAL, args);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

/** kaimingUniform_/kaimingNormal_'s options: `a`, `mode` ('fan_in' or 'fan_out'), `nonlinearity`. */
export interface KaimingOptions {
  a?: number;
  mode?: Mode;
  nonlinearity?: Nonlinearity;
}

/** He uniform initialization in place (PyTorch's `nn.init.kaiming_uniform_`). */
export function kaimingUniform_<X extends Tensor>(tensor: X, a?: number, mode?: Mode, nonlinearity?: Nonlinearity): X;
export function kaimingUniform_<X extends Tensor>(tensor: X, options: KaimingOptions): X;
export function kaimingUniform_<X extends Tensor>(options: KaimingOptions & { tensor: X }): X;
export function kaimingUniform_(...args: unknown[]): Tensor {
  const { tensor: t, ...options } = bindArgs<T & Required<KaimingOptions>>(KAIMING_UNIFORM, args);
  // PyTorch: \"Initializing zero-element tensors is a no-op\" (its fan would be 0, the bound infinite).
  if (t.numel() === 0) return t;
  const std = calculateGain(options.nonlinearity, options.a) / Math.sqrt(fan(t, options.mode));
  const bound = Math.sqrt(3) * std;
  return uniform_(t, -bound, bound);
}

/** He normal initialization in place (PyTorch's `nn.init.kaiming_normal_`). */
export function kaimingNormal_<X extends Tensor>(tensor: X, a?: number, mode?: Mode, nonlinearity?: Nonlinearity): X;
export function kaimingNormal_<X extends Tensor>(tensor: X, options: KaimingOptions): X;
export function kaimingNormal_<X extends Tensor>(options: KaimingOptions & { tensor: X }): X;
export function kaimingNormal_(...args: unknown[]): Tensor {
  const { tensor: t, ...options } = bindArgs<T & Required<KaimingOptions>>(KAIMING_NORMAL, args);
  // PyTorch: \"Initializing zero-element tensors is a no-op\" (its fan would be 0, the bound infinite).
  if (t.numel() === 0) return t;
  const std = calculateGain(options.nonlinearity, options.a) / Math.sqrt(fan(t, options.mode));
  return normal_(t, 0, std);
}
