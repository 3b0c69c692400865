// Random fills: values are drawn on the host from a Generator (seeded by manualSeed), then written
// to the tensor's device, so every backend gives the same numbers for the same seed.
import { isFloating, type DType } from '../dtype';
import { Generator } from '../random/generator';
import { defaultGenerator } from '../random/default-generator';
import { getBackend } from '../registry';
import { formatShape } from '../shape';
import { Tensor } from '../tensor';
import { inPlaceWrite } from '../autograd-hook';

/** A Generator from this or another copy of @x/tensor. */
export type GeneratorLike = Pick<Generator, 'fillUniform' | 'fillNormal' | 'fillRandint' | 'permutation'>;

function hostArray(dtype: DType, n: number): Float32Array | Float64Array {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** Writes host values into t (any layout, any device) and bumps its version. */
function writeHost(t: Tensor, values: Float32Array | Float64Array | Int32Array | Uint8Array, dtype: DType, op: string): void {
  const backend = getBackend(t.device);
  inPlaceWrite(t, op, [], () => {
    const staged = new Tensor(backend.upload(values, dtype), t.shape);
    backend.copy(staged, t);
    staged.dispose();
    return null;
  });
}

function requireFloat(op: string, t: Tensor): void {
  if (!isFloating(t.dtype)) throw new TypeError(`${op}: expected a floating point tensor, got ${t.dtype} (shape ${formatShape(t.shape)})`);
}

export function uniform_<T extends Tensor>(t: T, low: number, high: number, generator?: GeneratorLike): T {
  requireFloat('uniform_', t);
  if (!(low <= high)) throw new RangeError(`uniform_: expects low <= high, but found low=${low} > high=${high}`);
  const host = hostArray(t.dtype, t.numel());
  (generator ?? defaultGenerator()).fillUniform(host, low, high);
  writeHost(t, host, t.dtype === 'float64' ? 'float64' : 'float32', 'uniform_');
  return t;
}

export function normal_<T extends Tensor>(t: T, mean: number, std: number, generator?: GeneratorLike): T {
  requireFloat('normal_', t);
  if (!(std >= 0)) throw new RangeError(`normal_: expects std >= 0.0, but found std ${std}`);
  const host = hostArray(t.dtype, t.numel());
  (generator ?? defaultGenerator()).fillNormal(host, mean, std);
  writeHost(t, host, t.dtype === 'float64' ? 'float64' : 'float32', 'normal_');
  return t;
}

export function randint_<T extends Tensor>(t: T, low: number, high: number, generator?: GeneratorLike): T {
  if (!Number.isInteger(low) || !Number.isInteger(high) || low >= high) {
    throw new RangeError(`randint: expects integers with low < high, but got low=${low}, high=${high}`);
  }
  const host = new Float64Array(t.numel());
  (generator ?? defaultGenerator()).fillRandint(host, low, high);
  writeHost(t, host, 'float64', 'random_');
  return t;
}

export function permutation(n: number, generator?: GeneratorLike): Float64Array {
  return (generator ?? defaultGenerator()).permutation(n);
}

