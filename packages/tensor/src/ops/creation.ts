// Creation functions: tensor(), zeros/ones/full/empty, arange/linspace/eye, random, *Like, fromArray.
import type { Device } from '../device';
import { ARRAY_TYPE, castScalar, DEFAULT_FLOAT, DEFAULT_INT, isFloating, parseDType, type DType, type TypedArray } from '../dtype';
import { defaultDevice, getBackend } from '../registry';
import { checkSize, formatShape, numelOf } from '../shape';
import { isTensor, Tensor, type Nested } from '../tensor';
import type { NestedTensors } from '../schema/types';
import { allocate } from './alloc';
import { canReadSync, requireDType } from '../caps';
import { noGrad } from '../grad-mode';
import { stack } from './join';
import { setRequiresGrad } from './convert';
import { bernoulli_, normal_, permutation, randint_, uniform_, type GeneratorLike } from './random';

/** Where and how a created tensor lives: `dtype`, `device`, `requiresGrad` (PyTorch's factory kwargs). */
export interface TensorOptions {
  dtype?: DType;
  device?: Device;
  requiresGrad?: boolean;
}

/** A random factory's options: TensorOptions plus `generator`. */
export interface RandomOptions extends TensorOptions {
  generator?: GeneratorLike;
}

function finish(t: Tensor, options: TensorOptions | undefined): Tensor {
  if (options?.requiresGrad) setRequiresGrad(t, true);
  return t;
}

function deviceOf(options: TensorOptions | undefined): Device {
  return options?.device ?? defaultDevice();
}

function dtypeOf(options: TensorOptions | undefined, fallback: DType, op: string): DType {
  return options?.dtype === undefined ? fallback : parseDType(options.dtype, op);
}

function typedArrayDType(a: ArrayBufferView): DType | null {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array || a instanceof Uint8ClampedArray) return 'uint8';
  if (a instanceof BigInt64Array) return 'int64';
  return null;
}

/** Walks nested arrays: shape, flat values, and whether any value is a non-integer / boolean. */
function flatten(data: unknown): { shape: number[]; values: number[]; sawFloat: boolean; allBool: boolean } {
  const shape: number[] = [];
  const values: number[] = [];
  let sawFloat = false;
  let allBool = true;
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const walk = (x: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof x === 'number') {
        allBool = false;
        if (!Number.isInteger(x)) sawFloat = true;
        values.push(x);
      } else if (typeof x === 'boolean') values.push(x ? 1 : 0);
      else if (typeof x === 'bigint') {
        allBool = false;
        values.push(Number(x));
      } else if (isTensor(x) && x.numel() === 1) {
        const v = x.itemSync();
        allBool &&= x.dtype === 'bool';
        if (isFloating(x.dtype)) sawFloat = true;
        values.push(Number(v));
      } else if (Array.isArray(x)) {
        throw new RangeError(`tensor: ragged nested sequence: expected a number at depth ${d}, found a sequence of length ${x.length}`);
      } else {
        throw new TypeError(`tensor: could not convert ${x === null ? 'null' : typeof x} to a tensor element (expected numbers or booleans)`);
      }
      return;
    }
    if (ArrayBuffer.isView(x) && !(x instanceof DataView)) x = Array.from(x as unknown as ArrayLike<number>);
    if (!Array.isArray(x)) throw new RangeError(`tensor: ragged nested sequence: expected a sequence of length ${shape[d]} at dim ${d}, found ${typeof x}`);
    if (x.length !== shape[d]) throw new RangeError(`tensor: ragged nested sequence: expected sequence of length ${shape[d]} at dim ${d} (got ${x.length})`);
    for (const item of x) walk(item, d + 1);
  };
  walk(data, 0);
  return { shape, values, sawFloat, allBool: allBool && values.length > 0 };
}

/** The one-element tensors inside nested arrays (leaves in row-major order) and the arrays' shape; null when a leaf is not a tensor. */
function tensorLeaves(data: unknown): { shape: number[]; leaves: Tensor[] } | null {
  const shape: number[] = [];
  for (let probe: unknown = data; Array.isArray(probe); probe = probe[0]) {
    shape.push(probe.length);
    if (probe.length === 0) return null;
  }
  const leaves: Tensor[] = [];
  const walk = (x: unknown, d: number): boolean => {
    if (d === shape.length) {
      if (!isTensor(x) || x.numel() !== 1) return false;
      leaves.push(x);
      return true;
    }
    return Array.isArray(x) && x.length === shape[d] && x.every((item) => walk(item, d + 1));
  };
  return shape.length > 0 && walk(data, 0) ? { shape, leaves } : null;
}

/**
 * torch.tensor([...one-element tensors]) where they live on a device that cannot be read now: stacked
 * there (no read), with the dtype torch.tensor infers from their values' kinds. Null otherwise.
 */
function stackedOnDevice(data: unknown, options: TensorOptions | undefined): Tensor | null {
  if (!Array.isArray(data)) return null;
  const found = tensorLeaves(data);
  if (found === null || found.leaves.every((t) => canReadSync(t.device))) return null;
  const { shape, leaves } = found;
  const source = leaves[0]!.device;
  if (leaves.some((t) => t.device !== source)) throw new Error(`tensor: the elements are tensors on different devices (${[...new Set(leaves.map((t) => `'${t.device}'`))].join(', ')}); move them to one device first`);
  const inferred = leaves.every((t) => t.dtype === 'bool') ? 'bool' : leaves.some((t) => isFloating(t.dtype)) || options?.requiresGrad ? DEFAULT_FLOAT : DEFAULT_INT;
  const dtype = dtypeOf(options, inferred, 'tensor');
  const device = options?.device ?? source;
  const stacked = noGrad(() => stack(leaves.map((t) => t.detach().reshape([]).to(dtype))).reshape(shape));
  return device === source ? stacked : stacked.to(device);
}

/** torch.tensor: copies data. Integers infer int64, any fraction/NaN/Inf float32, booleans bool. */
export function tensor(data: Nested | NestedTensors | TypedArray | BigInt64Array | Tensor, options?: TensorOptions): Tensor {
  const device = deviceOf(options);
  if (isTensor(data)) {
    const t = data.detach().to({ dtype: options?.dtype ?? data.dtype, device }).clone();
    return finish(t, options);
  }
  if (ArrayBuffer.isView(data)) {
    const inferred = typedArrayDType(data);
    if (inferred === null) throw new TypeError(`tensor: unsupported typed array ${data.constructor.name}; use Float32Array, Float64Array, Int32Array, Uint8Array or BigInt64Array`);
    const values = data instanceof BigInt64Array ? Float64Array.from(data, Number) : (data as TypedArray);
    return finish(fromValues(values, [values.length], dtypeOf(options, inferred, 'tensor'), device), options);
  }
  const onDevice = stackedOnDevice(data, options);
  if (onDevice !== null) return finish(onDevice, options);
  const { shape, values, sawFloat, allBool } = flatten(data);
  const inferred = allBool ? 'bool' : sawFloat || values.length === 0 || options?.requiresGrad ? DEFAULT_FLOAT : DEFAULT_INT;
  return finish(fromValues(values, shape, dtypeOf(options, inferred, 'tensor'), device), options);
}

function fromValues(values: ArrayLike<number>, shape: readonly number[], dtype: DType, device: string): Tensor {
  const backend = getBackend(device);
  const needsCast = dtype === 'int64' || dtype === 'bool' || dtype === 'int32';
  // already the dtype's array type: upload copies it (a Float32Array image, a Uint8Array of bytes)
  const same = !needsCast && values.constructor === ARRAY_TYPE[dtype];
  const arr = same ? (values as TypedArray) : new ARRAY_TYPE[dtype](values.length);
  if (needsCast) for (let i = 0; i < values.length; i++) arr[i] = castScalar(values[i]!, dtype);
  else if (!same) arr.set(values); // the typed array's own conversion, as assigning each element
  requireDType('tensor', dtype, device);
  return new Tensor(backend.upload(arr, dtype), shape);
}

/** torch.from_numpy: a CPU tensor over the same typed array (writes show on both sides). */
export function fromArray(data: TypedArray, shape?: readonly number[], options?: { dtype?: DType }): Tensor {
  const inferred = typedArrayDType(data);
  if (inferred === null || data instanceof BigInt64Array || data instanceof Uint8ClampedArray) {
    throw new TypeError(`fromArray: expected a Float32Array, Float64Array, Int32Array or Uint8Array, got ${(data as object).constructor.name}`);
  }
  const dtype = options?.dtype === undefined ? inferred : parseDType(options.dtype, 'fromArray');
  if (ARRAY_TYPE[dtype] !== data.constructor) {
    throw new TypeError(`fromArray: a ${data.constructor.name} cannot hold dtype ${dtype} without a copy; use torch.tensor(data, { dtype: '${dtype}' })`);
  }
  const size = shape === undefined ? [data.length] : checkSize('fromArray', shape);
  if (numelOf(size) !== data.length) {
    throw new RangeError(`fromArray: shape ${formatShape(size)} holds ${numelOf(size)} elements but the array has ${data.length}`);
  }
  const backend = getBackend('cpu');
  if (!backend.caps.hostShared || !backend.wrap) throw new Error('fromArray: the cpu backend cannot wrap host memory');
  return new Tensor(backend.wrap(data, dtype), size);
}

/** zeros, ones, empty: `size` filled with `value` (float32 unless a dtype is given). */
export function filled(op: string, size: readonly number[], value: number, options?: TensorOptions): Tensor {
  return fullOf(op, checkSize(op, size), value, options, DEFAULT_FLOAT);
}

function fullOf(op: string, size: readonly number[], value: number, options: TensorOptions | undefined, fallback: DType): Tensor {
  const t = allocate(size, dtypeOf(options, fallback, op), deviceOf(options), op, value === 0 ? 'zeros' : 'uninit');
  if (value !== 0) getBackend(t.device).fill(t, castScalar(value, t.dtype));
  return finish(t, options);
}

export function zeros(size: readonly number[], options?: TensorOptions): Tensor {
  return filled('zeros', size, 0, options);
}

export function ones(size: readonly number[], options?: TensorOptions): Tensor {
  return filled('ones', size, 1, options);
}

/** torch.full: the dtype follows the fill value (bool, int64 or float32) unless given. */
export function full(size: readonly number[], fillValue: number | boolean, options?: TensorOptions): Tensor {
  checkSize('full', size);
  const fallback = typeof fillValue === 'boolean' ? 'bool' : Number.isInteger(fillValue) ? DEFAULT_INT : DEFAULT_FLOAT;
  return fullOf('full', size, Number(fillValue), options, fallback);
}

/** The options of a *Like function: input's dtype and device unless given. */
export function likeOptions<O extends TensorOptions>(t: Tensor, options: O): O {
  return { ...options, dtype: options.dtype ?? t.dtype, device: options.device ?? t.device };
}

/** zerosLike, onesLike, emptyLike, fullLike. */
export function fullLike(t: Tensor, fillValue: number, options: TensorOptions, op: string): Tensor {
  return fullOf(op, t.shape, fillValue, likeOptions(t, options), t.dtype);
}

/** torch.bernoulli(input): ones with the probabilities of `input` (floating point, values in [0, 1]), its shape and dtype. */
export function bernoulli(input: Tensor, options?: { generator?: GeneratorLike }): Tensor {
  if (!isTensor(input)) throw new TypeError(`torch.bernoulli(): argument 'input' (position 1) must be a Tensor of probabilities`);
  return bernoulli_(allocate(input.shape, input.dtype, input.device, 'bernoulli'), input, options?.generator);
}

/** start, start + step, ... up to end (excluded): int64 when all three are integers. */
export function arange(start: number, end: number, step: number, options?: TensorOptions): Tensor {
  for (const [name, v] of [['start', start], ['end', end], ['step', step]] as const) {
    if (typeof v !== 'number') throw new TypeError(`arange: expected ${name} to be a number, got ${typeof v}`);
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RangeError(`arange: unsupported range: ${start} -> ${end}`);
  if (step === 0 || !Number.isFinite(step)) throw new RangeError('arange: step must be nonzero');
  if ((end - start) / step < 0) throw new RangeError(`arange: upper bound and larger bound inconsistent with step sign (start ${start}, end ${end}, step ${step})`);
  const dtype = dtypeOf(options, [start, end, step].every(Number.isInteger) ? DEFAULT_INT : DEFAULT_FLOAT, 'arange');
  const n = Math.ceil((end - start) / step);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return finish(fromValues(values, [n], dtype, deviceOf(options)), options);
}

export function linspace(start: number, end: number, steps: number, options?: TensorOptions): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`linspace: number of steps must be a non-negative integer, got ${steps}`);
  const dtype = dtypeOf(options, DEFAULT_FLOAT, 'linspace');
  const values = new Float64Array(steps);
  // PyTorch computes the step in the output dtype, then each value with one rounding (FMA-like),
  // filling from both ends so the last value is exactly `end`.
  const step = castScalar(steps > 1 ? (end - start) / (steps - 1) : 0, isFloating(dtype) ? dtype : 'float64');
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) values[i] = i < half || steps === 1 ? start + step * i : end - step * (steps - i - 1);
  return finish(fromValues(values, [steps], dtype, deviceOf(options)), options);
}

export function eye(n: number, m: number, options?: TensorOptions): Tensor {
  checkSize('eye', [n, m]);
  const values = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return finish(fromValues(values, [n, m], dtypeOf(options, DEFAULT_FLOAT, 'eye'), deviceOf(options)), options);
}

export function rand(size: readonly number[], options?: RandomOptions): Tensor {
  const t = allocate(checkSize('rand', size), dtypeOf(options, DEFAULT_FLOAT, 'rand'), deviceOf(options), 'rand', 'uninit');
  return finish(uniform_(t, 0, 1, options?.generator), options);
}

export function randn(size: readonly number[], options?: RandomOptions): Tensor {
  const t = allocate(checkSize('randn', size), dtypeOf(options, DEFAULT_FLOAT, 'randn'), deviceOf(options), 'randn', 'uninit');
  return finish(normal_(t, 0, 1, options?.generator), options);
}

/** Integers drawn uniformly from [low, high). */
export function randint(low: number, high: number, size: readonly number[], options?: RandomOptions): Tensor {
  if (!Array.isArray(size)) throw new TypeError(`randint: expected size to be an array, e.g. randint(0, 10, [3]); got ${typeof size}`);
  const t = allocate(checkSize('randint', size), dtypeOf(options, DEFAULT_INT, 'randint'), deviceOf(options), 'randint', 'uninit');
  return finish(randint_(t, low, high, options?.generator), options);
}

export function randperm(n: number, options?: RandomOptions): Tensor {
  checkSize('randperm', [n]);
  const device = deviceOf(options);
  const values = permutation(n, device, options?.generator);
  return finish(fromValues(values, [n], dtypeOf(options, DEFAULT_INT, 'randperm'), device), options);
}
