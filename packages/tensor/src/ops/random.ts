// Random fills: values are drawn on the host from a Generator, then written to the tensor's device. A CPU
// tensor draws from the CPU generator (PyTorch's CPU stream, in the order PyTorch's TensorIterator visits
// the tensor's memory), a tensor of any other device from that device's generator (Philox).
import { isFloating, type DType } from '../dtype';
import { Generator, isGenerator, type FloatArray, type IntArray } from '../random/generator';
import { defaultGenerator } from '../random/default-generator';
import { getBackend } from '../registry';
import { formatShape } from '../shape';
import { Tensor } from '../tensor';
import { inPlaceWrite } from '../autograd-hook';
import { allocate } from './alloc';
import { stagingFloat } from '../caps';

/** A Generator from this or another copy of @x/tensor. */
export type GeneratorLike = Pick<Generator, 'device' | 'fillUniform' | 'fillNormal' | 'fillRandint' | 'fillBernoulli' | 'permutation'>;

/** `generator`, or the default generator of `device`; refuses a generator of another device, as PyTorch. */
export function generatorFor(device: string, generator: GeneratorLike | undefined, op: string): GeneratorLike {
  if (generator === undefined || generator === null) return defaultGenerator(device);
  if (!isGenerator(generator)) throw new TypeError(`${op}: generator must be a torch.Generator, got ${Object.prototype.toString.call(generator)}`);
  if (generator.device !== device) {
    throw new TypeError(`${op}: expected a '${device}' generator for a tensor on '${device}', but found a '${generator.device}' generator; make one with new torch.Generator({ device: '${device}' })`);
  }
  return generator;
}

/**
 * The order in which PyTorch's TensorIterator visits an output's elements: by memory, outermost dimension
 * (largest stride) first, a tie going to the larger size outside (its reorder_dimensions). The identity for
 * a contiguous tensor.
 */
export function memoryOrder(t: Tensor): number[] {
  const n = t.ndim;
  // perm[0] is the innermost dimension, as TensorIterator's perm_ (initialized n-1, ..., 0).
  const perm = Array.from({ length: n }, (_, i) => n - 1 - i);
  const shouldSwap = (d0: number, d1: number): number => {
    const s0 = t.strides[d0]!, s1 = t.strides[d1]!;
    if (s0 === 0 || s1 === 0) return 0;
    if (s0 < s1) return -1;
    if (s0 > s1) return 1;
    return t.shape[d0]! > t.shape[d1]! ? 1 : 0;
  };
  for (let i = 1; i < n; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = shouldSwap(perm[d0]!, perm[d1]!);
      if (c > 0) {
        [perm[d0], perm[d1]] = [perm[d1]!, perm[d0]!];
        d1 = d0;
      } else if (c < 0) break;
    }
  }
  return perm.reverse();
}

type HostArray = FloatArray | IntArray;

function hostDType(values: HostArray): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Uint8Array) return 'uint8';
  return 'float64';
}

/**
 * The host values as a device holds them: float64 staging (int64 draws) becomes int32 where every
 * value fits, else float32, on a device without float64.
 */
function staging(values: HostArray, device: string): [HostArray, DType] {
  const dtype = hostDType(values);
  if (dtype !== 'float64' || stagingFloat(device) === 'float64') return [values, dtype];
  const fits = values.every((v) => v >= -(2 ** 31) && v <= 2 ** 31 - 1);
  return fits ? [Int32Array.from(values), 'int32'] : [Float32Array.from(values), 'float32'];
}

/** Copies `src` (same shape) into t, any layout, any device, and bumps t's version. */
function writeFrom(t: Tensor, op: string, src: Tensor, order: readonly number[] | null = null): Tensor {
  const backend = getBackend(t.device);
  inPlaceWrite(t, op, [], () => {
    const dst = order === null ? t : new Tensor(t.storage, order.map((d) => t.shape[d]!), order.map((d) => t.strides[d]!), t.offset, t.dtype);
    backend.copy(src, dst);
    return null;
  });
  return t;
}

/**
 * Draws t.numel() values with `draw` in the order PyTorch fills t, and writes them into t. `draw` learns
 * whether t is one dense block in order (where PyTorch's vectorised paths apply).
 */
function fill<V extends HostArray>(t: Tensor, op: string, values: V, draw: (values: V, contiguous: boolean) => void): Tensor {
  const contiguous = t.isContiguous();
  const order = contiguous || t.device !== 'cpu' ? null : memoryOrder(t);
  draw(values, contiguous);
  const backend = getBackend(t.device);
  const dstShape = order === null ? t.shape : order.map((d) => t.shape[d]!);
  const staged = new Tensor(backend.upload(...staging(values, t.device)), dstShape);
  writeFrom(t, op, staged, order);
  staged.dispose();
  return t;
}

function requireFloat(op: string, t: Tensor): void {
  if (!isFloating(t.dtype)) throw new TypeError(`${op}: expected a floating point tensor, got ${t.dtype} (shape ${formatShape(t.shape)})`);
}

function floatArray(dtype: DType, n: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

export function uniform_<T extends Tensor>(t: T, low: number, high: number, generator?: GeneratorLike): T {
  requireFloat('uniform_', t);
  if (!(low <= high)) throw new RangeError(`uniform_: expects to return a [from, to) range, but found from=${low} > to=${high}`);
  const g = generatorFor(t.device, generator, 'uniform_');
  return fill(t, 'uniform_', floatArray(t.dtype, t.numel()), (v) => g.fillUniform(v, low, high)) as T;
}

export function normal_<T extends Tensor>(t: T, mean: number, std: number, generator?: GeneratorLike): T {
  requireFloat('normal_', t);
  if (!(std >= 0)) throw new RangeError(`normal_: expects std >= 0.0, but found std ${std}`);
  const g = generatorFor(t.device, generator, 'normal_');
  return fill(t, 'normal_', floatArray(t.dtype, t.numel()), (v, contiguous) => g.fillNormal(v, mean, std, { contiguous })) as T;
}

/** The host array randint draws into: its type decides, as the tensor's dtype does in PyTorch, how wide a draw is. */
function intArray(dtype: DType, n: number): IntArray {
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'int32': return new Int32Array(n);
    case 'uint8':
    case 'bool': return new Uint8Array(n);
    default: return new Float64Array(n); // int64, float64
  }
}

export function randint_<T extends Tensor>(t: T, low: number, high: number, generator?: GeneratorLike): T {
  if (!Number.isInteger(low) || !Number.isInteger(high) || low >= high) {
    throw new RangeError(`randint: expects integers with low < high, but got low=${low}, high=${high}`);
  }
  const g = generatorFor(t.device, generator, 'random_');
  return fill(t, 'random_', intArray(t.dtype, t.numel()), (v) => g.fillRandint(v, low, high)) as T;
}

/** t.bernoulli_(p): ones with probability p (a number, or a tensor of probabilities broadcast to t's shape). */
export function bernoulli_<T extends Tensor>(t: T, p: number | Tensor, generator?: GeneratorLike): T {
  const g = generatorFor(t.device, generator, 'bernoulli_');
  let probabilities: number | FloatArray;
  if (typeof p === 'number') {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`bernoulli_: expects p to be in [0, 1], but got p=${p}`);
    probabilities = p;
  } else {
    if (!isFloating(p.dtype)) throw new TypeError(`bernoulli_: expected a floating point tensor of probabilities, got ${p.dtype} (shape ${formatShape(p.shape)})`);
    if (t.device !== 'cpu') {
      // Another device: uniforms from its generator, compared on the device (no read back).
      const u = fill(allocate(t.shape, p.dtype, t.device, 'bernoulli_'), 'bernoulli_', floatArray(p.dtype, t.numel()), (v) => g.fillUniform(v, 0, 1));
      const ones = u.lt(p.detach());
      writeFrom(t, 'bernoulli_', ones);
      ones.dispose();
      u.dispose();
      return t;
    }
    // Read in the order t is filled, as PyTorch's iterator pairs them.
    const order = t.isContiguous() ? null : memoryOrder(t);
    const expanded = p.detach().expand(t.shape);
    probabilities = (order === null ? expanded : expanded.permute(order)).contiguous().dataSync() as FloatArray;
    for (let i = 0; i < probabilities.length; i++) {
      if (!(probabilities[i]! >= 0 && probabilities[i]! <= 1)) {
        throw new RangeError(`bernoulli_: expects every probability to be in [0, 1], but found ${probabilities[i]} (p has shape ${formatShape(p.shape)})`);
      }
    }
  }
  return fill(t, 'bernoulli_', intArray(t.dtype, t.numel()), (v) => g.fillBernoulli(v, probabilities)) as T;
}

export function permutation(n: number, device: string, generator?: GeneratorLike): Float64Array {
  return generatorFor(device, generator, 'randperm').permutation(n);
}
