// The Tensor: a strided view (shape, strides, offset) of a device storage, with PyTorch's methods.
// Methods are thin: each op lives in ops/*, named for its family.
import type { Storage, TensorRef } from './backend';
import { isFloating, parseDType, type DType, type TypedArray } from './dtype';
import { contiguousStrides, formatShape, isContiguous, normalizeDim, numelOf } from './shape';
import { formatTensor } from './format';
import { autogradHook } from './autograd-hook';
import * as views from './ops/views';
import * as ew from './ops/elementwise';
import * as red from './ops/reduce';
import * as linalg from './ops/linalg';
import * as conv from './ops/convert';
import * as join from './ops/join';
import * as transform from './ops/transform';
import * as idx from './ops/indexing';
import * as sorting from './ops/sort';
import * as random from './ops/random';
import { readAsync, readSync, numpyView } from './ops/read';
import { canReadSync } from './caps';
import { disposedError, disposeTensor, track, type TrackedTensor } from './memory/lifecycle';

type TensorMemory = TrackedTensor['_memory'];
import type { Index } from './ops/indexing';
import * as uniq from './ops/unique';
import * as sm from './ops/softmax';
import * as diag from './ops/diagonal';
import * as factories from './ops/new-factories';
import * as protocols from './ops/protocols';
import type { UniqueOptions } from './ops/unique';
import type { TensorOptions } from './ops/creation';

function single(results: Tensor[], options: UniqueOptions | undefined): Tensor | Tensor[] {
  return options?.returnInverse || options?.returnCounts ? results : results[0]!;
}

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | number | boolean;
/** `[values, indices]`, also readable as `.values` and `.indices`, like PyTorch's named tuples. */
export type ValuesIndices = [Tensor, Tensor] & { readonly values: Tensor; readonly indices: Tensor };
export type Nested = number | boolean | readonly Nested[];
/** What autograd attaches as `gradFn`: a node named like PyTorch's (`MulBackward0`). */
export interface GradFn {
  readonly name: string;
}

type SizeArgs = number[] | [readonly number[]];

function sizeFromArgs(args: SizeArgs): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : (args as number[]);
}

export class Tensor implements TensorRef {
  private _storage: Storage | null;
  private readonly _device: string;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  private _requiresGrad = false;
  /** The accumulated gradient (filled by `@x/autograd`). */
  grad: Tensor | null = null;
  /** The node that produced this tensor (set by `@x/autograd`); null for leaves. */
  gradFn: GradFn | null = null;
  /** Which output of `gradFn` this tensor is (autograd bookkeeping). */
  _outputNr = 0;
  /** The tensor this one is a view of (PyTorch's `_base`), or null. */
  readonly _base: Tensor | null;
  /** A view taken under noGrad of a tensor that requires grad: it gets no history from its base (autograd bookkeeping). */
  _noGradView = false;
  /** Exempt from torch.tidy (torch.keep). */
  _kept = false;
  /** Memory bookkeeping (see memory/lifecycle.ts). */
  _memory: TensorMemory = null;
  _life: TrackedTensor['_life'] = null;

  /** Internal: use the creation functions (`torch.tensor`, `torch.zeros`...) instead. */
  constructor(storage: Storage, shape: readonly number[], strides?: readonly number[], offset = 0, dtype?: DType, base: Tensor | null = null) {
    this._storage = storage;
    this._device = storage.device;
    this._base = base;
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze(strides ? [...strides] : contiguousStrides(shape));
    this.offset = offset;
    this.dtype = dtype ?? storage.dtype;
    track(this, storage);
  }

  /** The device storage this tensor views; using a disposed tensor throws `tensor was disposed`. */
  get storage(): Storage {
    const s = this._storage;
    if (s === null) throw disposedError(this, this._device);
    return s;
  }
  get device(): string {
    return this._device;
  }

  // ---- memory ----
  /**
   * Frees this tensor now: its storage returns to the device when no other tensor (a view, its
   * base) uses it. Using the tensor afterwards throws `tensor was disposed`; disposing twice is harmless.
   */
  dispose(): void {
    const s = this._storage;
    if (s !== null && disposeTensor(this, s)) this._storage = null;
  }
  /** Whether dispose() (or the tidy that created it) freed this tensor. */
  get isDisposed(): boolean {
    return this._storage === null;
  }
  get ndim(): number {
    return this.shape.length;
  }
  dim(): number {
    return this.shape.length;
  }
  numel(): number {
    return numelOf(this.shape);
  }
  size(dim?: number): number | readonly number[] {
    return dim === undefined ? this.shape : this.shape[normalizeDim('size', dim, this.ndim)]!;
  }
  stride(dim?: number): number | readonly number[] {
    return dim === undefined ? this.strides : this.strides[normalizeDim('stride', dim, this.ndim)]!;
  }
  storageOffset(): number {
    return this.offset;
  }
  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }
  elementSize(): number {
    return { float32: 4, float64: 8, int32: 4, int64: 8, uint8: 1, bool: 1 }[this.dtype];
  }
  /** Whether autograd tracks this tensor (the creation option, requiresGrad_(), or an op of a tracked input). */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(value: boolean) {
    if (value && !isFloating(this.dtype)) conv.setRequiresGrad(this, true);
    this._requiresGrad = value;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  // ---- views (metadata only, shared storage) ----
  view(...shape: SizeArgs): Tensor { return views.view(this, sizeFromArgs(shape)); }
  viewAs(other: Tensor): Tensor { return views.view(this, [...other.shape]); }
  reshape(...shape: SizeArgs): Tensor { return views.reshape(this, sizeFromArgs(shape)); }
  reshapeAs(other: Tensor): Tensor { return views.reshape(this, [...other.shape]); }
  transpose(dim0: number, dim1: number): Tensor { return views.transpose(this, dim0, dim1); }
  t(): Tensor { return views.t(this); }
  get T(): Tensor { return views.reverseDims(this); }
  get mT(): Tensor { return views.transpose(this, -2, -1); }
  permute(...dims: SizeArgs): Tensor { return views.permute(this, sizeFromArgs(dims)); }
  movedim(source: number, destination: number): Tensor { return views.movedim(this, source, destination); }
  unsqueeze(dim: number): Tensor { return views.unsqueeze(this, dim); }
  squeeze(dim?: number | readonly number[]): Tensor { return views.squeeze(this, dim); }
  expand(...shape: SizeArgs): Tensor { return views.expand(this, sizeFromArgs(shape)); }
  expandAs(other: Tensor): Tensor { return views.expand(this, [...other.shape]); }
  broadcastTo(...shape: SizeArgs): Tensor { return views.expand(this, sizeFromArgs(shape)); }
  narrow(dim: number, start: number, length: number): Tensor { return views.narrow(this, dim, start, length); }
  select(dim: number, index: number): Tensor { return views.select(this, dim, index); }
  flatten(startDim = 0, endDim = -1): Tensor { return views.flatten(this, startDim, endDim); }
  unflatten(dim: number, sizes: readonly number[]): Tensor { return views.unflatten(this, dim, sizes); }
  ravel(): Tensor { return views.reshape(this, [-1]); }
  unbind(dim = 0): Tensor[] { return views.unbind(this, dim); }
  /** The diagonal of dims dim1 and dim2 (offset above/below the main one), as a view. */
  diagonal(...args: diag.DiagonalArgs): Tensor { return diag.diagonal(this, ...diag.diagonalArgs(args)); }
  /** PyTorch's `x.data`: a tensor over the same storage, detached from autograd. */
  get data(): Tensor { return conv.detach(this); }

  // ---- conversion and copies ----
  contiguous(): Tensor { return conv.contiguous(this); }
  clone(): Tensor { return conv.clone(this); }
  detach(): Tensor { return conv.detach(this); }
  detach_(): this { this.gradFn = null; this.requiresGrad = false; return this; }
  to(target: DType | string | { dtype?: DType; device?: string }): Tensor { return conv.to(this, target); }
  /** `to` that also works from an asynchronous device (e.g. `await x.toAsync('cpu')` from WebGPU). */
  toAsync(target: DType | string | { dtype?: DType; device?: string }): Promise<Tensor> { return conv.toAsync(this, target); }
  type(dtype: DType): Tensor { return conv.to(this, { dtype: parseDType(dtype, 'type') }); }
  float(): Tensor { return conv.to(this, { dtype: 'float32' }); }
  double(): Tensor { return conv.to(this, { dtype: 'float64' }); }
  long(): Tensor { return conv.to(this, { dtype: 'int64' }); }
  int(): Tensor { return conv.to(this, { dtype: 'int32' }); }
  bool(): Tensor { return conv.to(this, { dtype: 'bool' }); }
  byte(): Tensor { return conv.to(this, { dtype: 'uint8' }); }
  cpu(): Tensor { return conv.to(this, { device: 'cpu' }); }
  copy_(src: Tensor): this { conv.copyInto(this, src); return this; }
  requiresGrad_(requiresGrad = true): this { conv.setRequiresGrad(this, requiresGrad); return this; }

  // ---- new tensors with this one's dtype and device (PyTorch's new_*) ----
  newZeros(...size: factories.NewSizeArgs): Tensor { return factories.newZeros(this, size); }
  newOnes(...size: factories.NewSizeArgs): Tensor { return factories.newOnes(this, size); }
  newEmpty(...size: factories.NewSizeArgs): Tensor { return factories.newEmpty(this, size); }
  newFull(size: readonly number[], fillValue: number | boolean, options?: TensorOptions): Tensor { return factories.newFull(this, size, fillValue, options); }
  newTensor(data: Nested | TypedArray | Tensor, options?: TensorOptions): Tensor { return factories.newTensor(this, data, options); }

  // ---- reads ----
  /** The values as a fresh typed array in row-major order (any device). */
  dataAsync(): Promise<TypedArray> { return readAsync(this); }
  /** Synchronous `dataAsync` (CPU only). */
  dataSync(): TypedArray { return readSync(this, 'dataSync'); }
  async item(): Promise<number | boolean> { return conv.itemOf(this, await readAsync(this)); }
  itemSync(): number | boolean { return conv.itemOf(this, readSync(this, 'itemSync')); }
  async tolist(): Promise<Nested> { return conv.toNested(this, await readAsync(this)); }
  tolistSync(): Nested { return conv.toNested(this, readSync(this, 'tolistSync')); }
  /** The typed array over this tensor's own memory (CPU, contiguous): writes show in the tensor. */
  numpy(): TypedArray { return numpyView(this); }
  toString(): string {
    if (this._storage === null) return `tensor(<disposed ${formatShape(this.shape)} ${this.dtype} on '${this.device}'>)`;
    if (!canReadSync(this.device)) return `tensor(<${formatShape(this.shape)} ${this.dtype} on '${this.device}': use await x.tolist()>)`;
    return formatTensor(readSync(this, 'toString'), this.shape, this.dtype, {
      device: this.device, requiresGrad: this.requiresGrad && this.gradFn === null, gradFn: this.gradFn?.name ?? null,
    });
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  /** `for (const row of x)`: the views along dim 0, as PyTorch's `for row in x` (a 0-d tensor has none: a TypeError). */
  declare readonly [Symbol.iterator]: () => Iterator<Tensor>;
  /** `+t`, `Number(t)`, `t > 0.5`, `total += loss`: a one-element tensor's value (sync devices); String(t) prints as before. */
  [Symbol.toPrimitive](hint: 'string' | 'number' | 'default'): string | number { return protocols.toPrimitive(this, hint); }

  // ---- autograd entry points (implemented by @x/autograd) ----
  backward(gradient?: Tensor, options?: { retainGraph?: boolean; createGraph?: boolean }): void {
    autogradHook('backward').backward(this, gradient, options);
  }
  /** Calls `fn(grad)` when this tensor's gradient is computed; a returned tensor replaces the gradient. Returns a remover. */
  registerHook(fn: (grad: Tensor) => Tensor | void): { remove(): void } {
    return autogradHook('registerHook').registerHook(this, fn);
  }
  /** Keeps `.grad` for a non-leaf tensor too. */
  retainGrad(): this {
    autogradHook('retainGrad').retainGrad(this);
    return this;
  }

  // ---- elementwise ----
  neg(): Tensor { return ew.unary('neg', this); }
  negative(): Tensor { return ew.unary('neg', this); }
  abs(): Tensor { return ew.unary('abs', this); }
  sign(): Tensor { return ew.unary('sign', this); }
  exp(): Tensor { return ew.unary('exp', this); }
  log(): Tensor { return ew.unary('log', this); }
  log1p(): Tensor { return ew.unary('log1p', this); }
  expm1(): Tensor { return ew.unary('expm1', this); }
  sqrt(): Tensor { return ew.unary('sqrt', this); }
  rsqrt(): Tensor { return ew.unary('rsqrt', this); }
  sin(): Tensor { return ew.unary('sin', this); }
  cos(): Tensor { return ew.unary('cos', this); }
  tanh(): Tensor { return ew.unary('tanh', this); }
  sigmoid(): Tensor { return ew.unary('sigmoid', this); }
  relu(): Tensor { return ew.unary('relu', this); }
  floor(): Tensor { return ew.unary('floor', this); }
  ceil(): Tensor { return ew.unary('ceil', this); }
  round(): Tensor { return ew.unary('round', this); }
  trunc(): Tensor { return ew.unary('trunc', this); }
  reciprocal(): Tensor { return ew.unary('reciprocal', this); }
  erf(): Tensor { return ew.unary('erf', this); }
  logicalNot(): Tensor { return ew.unary('logicalNot', this); }
  isnan(): Tensor { return ew.unary('isnan', this); }
  square(): Tensor { return ew.binary('mul', this, this); }

  add(other: TensorOrScalar, options?: { alpha?: number }): Tensor { return ew.add(this, other, options?.alpha); }
  sub(other: TensorOrScalar, options?: { alpha?: number }): Tensor { return ew.sub(this, other, options?.alpha); }
  mul(other: TensorOrScalar): Tensor { return ew.binary('mul', this, other); }
  div(other: TensorOrScalar, options?: { roundingMode?: 'trunc' | 'floor' | null }): Tensor { return ew.div(this, other, options?.roundingMode ?? null); }
  pow(exponent: TensorOrScalar): Tensor { return ew.binary('pow', this, exponent); }
  remainder(other: TensorOrScalar): Tensor { return ew.binary('remainder', this, other); }
  maximum(other: Tensor): Tensor { return ew.binary('maximum', this, other); }
  minimum(other: Tensor): Tensor { return ew.binary('minimum', this, other); }
  atan2(other: Tensor): Tensor { return ew.binary('atan2', this, other); }
  eq(other: TensorOrScalar): Tensor { return ew.binary('eq', this, other); }
  ne(other: TensorOrScalar): Tensor { return ew.binary('ne', this, other); }
  lt(other: TensorOrScalar): Tensor { return ew.binary('lt', this, other); }
  le(other: TensorOrScalar): Tensor { return ew.binary('le', this, other); }
  gt(other: TensorOrScalar): Tensor { return ew.binary('gt', this, other); }
  ge(other: TensorOrScalar): Tensor { return ew.binary('ge', this, other); }
  logicalAnd(other: TensorOrScalar): Tensor { return ew.binary('logicalAnd', this, other); }
  logicalOr(other: TensorOrScalar): Tensor { return ew.binary('logicalOr', this, other); }
  equal(other: Tensor): boolean { return ew.equal(this, other); }
  allclose(other: Tensor, options?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean { return ew.allclose(this, other, options); }
  clamp(min?: TensorOrScalar | null | { min?: TensorOrScalar | null; max?: TensorOrScalar | null }, max?: TensorOrScalar | null): Tensor { return ew.clamp(this, min, max); }
  clip(min?: TensorOrScalar | null, max?: TensorOrScalar | null): Tensor { return ew.clamp(this, min, max); }
  maskedFill(mask: Tensor, value: TensorOrScalar): Tensor { return ew.maskedFill(this, mask, value); }
  where(condition: Tensor, other: TensorOrScalar): Tensor { return ew.where(condition, this, other); }

  // ---- in place (return this) ----
  add_(other: TensorOrScalar, options?: { alpha?: number }): this { return ew.addInPlace(this, other, options?.alpha ?? 1, 'add'); }
  sub_(other: TensorOrScalar, options?: { alpha?: number }): this { return ew.addInPlace(this, other, options?.alpha ?? 1, 'sub'); }
  mul_(other: TensorOrScalar): this { return ew.binaryInPlace(this, 'mul', other); }
  div_(other: TensorOrScalar): this { return ew.binaryInPlace(this, 'div', other); }
  pow_(other: TensorOrScalar): this { return ew.inPlace(this, ew.binary('pow', this, other), 'pow_'); }
  neg_(): this { return ew.inPlace(this, ew.unary('neg', this), 'neg_'); }
  abs_(): this { return ew.inPlace(this, ew.unary('abs', this), 'abs_'); }
  exp_(): this { return ew.inPlace(this, ew.unary('exp', this), 'exp_'); }
  log_(): this { return ew.inPlace(this, ew.unary('log', this), 'log_'); }
  sqrt_(): this { return ew.inPlace(this, ew.unary('sqrt', this), 'sqrt_'); }
  relu_(): this { return ew.inPlace(this, ew.unary('relu', this), 'relu_'); }
  sigmoid_(): this { return ew.inPlace(this, ew.unary('sigmoid', this), 'sigmoid_'); }
  tanh_(): this { return ew.inPlace(this, ew.unary('tanh', this), 'tanh_'); }
  clamp_(min?: TensorOrScalar | null, max?: TensorOrScalar | null): this { return ew.inPlace(this, ew.clamp(this, min, max), 'clamp_'); }
  maskedFill_(mask: Tensor, value: TensorOrScalar): this { return ew.inPlace(this, ew.maskedFill(this, mask, value), 'maskedFill_'); }
  zero_(): this { return ew.fill_(this, 0); }
  fill_(value: number | boolean): this { return ew.fill_(this, Number(value)); }
  uniform_(low = 0, high = 1, options?: { generator?: random.GeneratorLike }): this { return random.uniform_(this, low, high, options?.generator); }
  normal_(mean = 0, std = 1, options?: { generator?: random.GeneratorLike }): this { return random.normal_(this, mean, std, options?.generator); }
  /** Ones with probability p (a number, or a tensor of probabilities broadcast to this shape), zeros elsewhere. */
  bernoulli_(p: number | Tensor = 0.5, options?: { generator?: random.GeneratorLike }): this { return random.bernoulli_(this, p, options?.generator); }

  // ---- reductions ----
  sum(dim?: number | readonly number[] | null, keepdim = false, options?: { dtype?: DType }): Tensor { return red.sum(this, dim, keepdim, options?.dtype); }
  mean(dim?: number | readonly number[] | null, keepdim = false, options?: { dtype?: DType }): Tensor { return red.mean(this, dim, keepdim, options?.dtype); }
  prod(dim?: number | null, keepdim = false, options?: { dtype?: DType }): Tensor { return red.prod(this, dim, keepdim, options?.dtype); }
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(other: Tensor): Tensor;
  max(dimOrOther?: number | Tensor, keepdim = false): Tensor | ValuesIndices { return red.maxMin('max', this, dimOrOther, keepdim); }
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  min(other: Tensor): Tensor;
  min(dimOrOther?: number | Tensor, keepdim = false): Tensor | ValuesIndices { return red.maxMin('min', this, dimOrOther, keepdim); }
  amax(dim?: number | readonly number[] | null, keepdim = false): Tensor { return red.reduceValues('max', 'amax', this, dim, keepdim); }
  amin(dim?: number | readonly number[] | null, keepdim = false): Tensor { return red.reduceValues('min', 'amin', this, dim, keepdim); }
  argmax(dim?: number | null, keepdim = false): Tensor { return red.argReduce('argmax', this, dim, keepdim); }
  argmin(dim?: number | null, keepdim = false): Tensor { return red.argReduce('argmin', this, dim, keepdim); }
  var(dim?: number | readonly number[] | null, options?: red.VarOptions | boolean, keepdim?: boolean): Tensor { return red.variance('var', this, dim, options, keepdim); }
  std(dim?: number | readonly number[] | null, options?: red.VarOptions | boolean, keepdim?: boolean): Tensor { return red.variance('std', this, dim, options, keepdim); }
  logsumexp(dim: number | readonly number[], keepdim = false): Tensor { return red.logsumexp(this, dim, keepdim); }
  all(dim?: number | readonly number[] | null, keepdim = false): Tensor { return red.allAny('all', this, dim, keepdim); }
  any(dim?: number | readonly number[] | null, keepdim = false): Tensor { return red.allAny('any', this, dim, keepdim); }
  norm(p: number | 'fro' = 2, dim?: number | readonly number[] | null, keepdim = false): Tensor { return red.norm(this, p, dim, keepdim); }
  softmax(...args: sm.SoftmaxArgs): Tensor { return sm.softmax(this, ...args); }
  logSoftmax(...args: sm.SoftmaxArgs): Tensor { return sm.logSoftmax(this, ...args); }

  // ---- linear algebra ----
  matmul(other: Tensor): Tensor { return linalg.matmul(this, other); }
  mm(other: Tensor): Tensor { return linalg.mm(this, other); }
  bmm(other: Tensor): Tensor { return linalg.bmm(this, other); }
  dot(other: Tensor): Tensor { return linalg.dot(this, other); }
  outer(other: Tensor): Tensor { return linalg.outer(this, other); }
  mv(other: Tensor): Tensor { return linalg.mv(this, other); }
  /** 1-D: the matrix with this on diagonal `diagonal`; 2-D: a copy of that diagonal. */
  diag(diagonal = 0): Tensor { return diag.diag(this, diagonal); }
  trace(): Tensor { return diag.trace(this); }
  diagonalScatter(src: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor { return diag.diagonalScatter(this, src, offset, dim1, dim2); }

  // ---- joining, splitting, rearranging ----
  split(splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] { return join.split(this, splitSizeOrSections, dim); }
  chunk(chunks: number, dim = 0): Tensor[] { return join.chunk(this, chunks, dim); }
  repeat(...sizes: SizeArgs): Tensor { return transform.repeat(this, sizeFromArgs(sizes)); }
  tile(...dims: SizeArgs): Tensor { return transform.tile(this, sizeFromArgs(dims)); }
  flip(...dims: SizeArgs): Tensor { return transform.flip(this, sizeFromArgs(dims)); }
  roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor { return transform.roll(this, shifts, dims); }
  tril(diagonal = 0): Tensor { return transform.tril(this, diagonal); }
  triu(diagonal = 0): Tensor { return transform.triu(this, diagonal); }

  // ---- indexing ----
  /** `x[i, j]`: numbers, slice strings ('1:3', '::2', ':'), '...', null (new axis), bool masks, int index tensors. */
  at(...indices: Index[]): Tensor { return idx.at(this, indices); }
  /** `at` for any device, also when the result's size depends on the data (boolean masks). */
  atAsync(...indices: Index[]): Promise<Tensor> { return idx.atAsync(this, indices); }
  /** `x[indices] = value`, in place; returns this. */
  set(indices: readonly Index[], value: TensorOrScalar): this { idx.set(this, indices, value); return this; }
  setAsync(indices: readonly Index[], value: TensorOrScalar): Promise<this> { return idx.setAsync(this, indices, value).then(() => this); }
  gather(dim: number, index: Tensor): Tensor { return idx.gather(this, dim, index); }
  scatter(dim: number, index: Tensor, src: TensorOrScalar, options?: { reduce?: 'add' | 'multiply' }): Tensor { return idx.scatter(this, dim, index, src, options?.reduce); }
  scatter_(dim: number, index: Tensor, src: TensorOrScalar, options?: { reduce?: 'add' | 'multiply' }): this { idx.scatterInPlace(this, dim, index, src, options?.reduce); return this; }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return idx.scatter(this, dim, index, src, 'add'); }
  indexSelect(dim: number, index: Tensor): Tensor { return idx.indexSelect(this, dim, index); }
  maskedSelect(mask: Tensor): Tensor { return idx.maskedSelect(this, mask); }
  maskedSelectAsync(mask: Tensor): Promise<Tensor> { return idx.maskedSelectAsync(this, mask); }
  /** The [n, ndim] indices of the non-zero elements; with { asTuple: true }, one 1-D tensor of indices per dim. */
  nonzero(options?: { asTuple?: false }): Tensor;
  nonzero(options: { asTuple: true }): Tensor[];
  nonzero(options?: idx.NonzeroOptions): Tensor | Tensor[] { return idx.nonzero(this, options); }
  nonzeroAsync(options?: { asTuple?: false }): Promise<Tensor>;
  nonzeroAsync(options: { asTuple: true }): Promise<Tensor[]>;
  nonzeroAsync(options?: idx.NonzeroOptions): Promise<Tensor | Tensor[]> { return idx.nonzeroAsync(this, options); }
  /** torch.unique: the sorted distinct values; with returnInverse/returnCounts, `[values, inverse?, counts?]`. */
  unique(options?: UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
  unique(options: UniqueOptions): Tensor[];
  unique(options?: UniqueOptions): Tensor | Tensor[] { return single(uniq.unique(this, options), options); }
  uniqueAsync(options?: UniqueOptions & { returnInverse?: false; returnCounts?: false }): Promise<Tensor>;
  uniqueAsync(options: UniqueOptions): Promise<Tensor[]>;
  uniqueAsync(options?: UniqueOptions): Promise<Tensor | Tensor[]> { return uniq.uniqueAsync(this, options).then((r) => single(r, options)); }

  // ---- sorting and scans ----
  sort(dim = -1, descending = false, options?: { stable?: boolean }): ValuesIndices { void options; return sorting.sort(this, dim, descending); }
  argsort(dim = -1, descending = false): Tensor { return sorting.sort(this, dim, descending).indices; }
  topk(k: number, dim = -1, largest = true, sorted = true): ValuesIndices { return sorting.topk(this, k, dim, largest, sorted); }
  cumsum(dim: number, options?: { dtype?: DType }): Tensor { return sorting.scan('cumsum', this, dim, options?.dtype); }
  cumprod(dim: number, options?: { dtype?: DType }): Tensor { return sorting.scan('cumprod', this, dim, options?.dtype); }
}

export function isTensor(x: unknown): x is Tensor {
  // instanceof fails across an ESM and a CJS copy of this package; check the shape of the object too.
  return x instanceof Tensor || (typeof x === 'object' && x !== null && (x as { [TENSOR_BRAND]?: true })[TENSOR_BRAND] === true);
}

const TENSOR_BRAND = Symbol.for('@x/tensor.Tensor');
Object.defineProperty(Tensor.prototype, TENSOR_BRAND, { value: true });
Object.defineProperty(Tensor.prototype, Symbol.iterator, { get: protocols.iteratorOf });

export function tensorFromRef(ref: { storage: Storage; shape: readonly number[]; strides?: readonly number[]; offset?: number }): Tensor {
  return new Tensor(ref.storage, ref.shape, ref.strides, ref.offset ?? 0);
}
