// The Tensor: a strided view (shape, strides, offset) of a device storage, with PyTorch's methods.
// The op methods are declared once in src/schema and generated into TensorMethods, its base class
// (src/generated/tensor-methods.ts); this file holds the tensor's own state, memory, properties and indexing.
import type { Storage, TensorRef } from './backend';
import { isFloating, type DType } from './dtype';
import type { Device } from './device';
import { contiguousStrides, formatShape } from './shape';
import { formatTensor } from './format';
import * as views from './ops/views';
import * as conv from './ops/convert';
import * as idx from './ops/indexing';
import { readSync } from './ops/read';
import { canReadSync } from './caps';
import { disposedError, disposeTensor, track, type TrackedTensor } from './memory/lifecycle';
import type { Index } from './ops/indexing';
import * as protocols from './ops/protocols';
import { TensorMethods } from './generated/tensor-methods';

type TensorMemory = TrackedTensor['_memory'];

/** A number or boolean where a tensor is accepted (PyTorch's Python scalars). */
export type Scalar = number | boolean;
/** A tensor, or a number or boolean broadcast as one. */
export type TensorOrScalar = Tensor | number | boolean;
/**
 * `[values, indices]`, also readable as `.values` and `.indices`, like PyTorch's named tuples
 * (`torch.return_types.max`). Array's own `values()` method is left out of the type, so `.values` is a Tensor.
 */
export type ValuesIndices = Omit<readonly [Tensor, Tensor], 'values'> & { readonly values: Tensor; readonly indices: Tensor };
/** Nested arrays of numbers or booleans, as tolist returns and torch.tensor takes. */
export type Nested = number | boolean | readonly Nested[];
/** What autograd attaches as `gradFn`: a node named like PyTorch's (`MulBackward0`). */
export interface GradFn {
  readonly name: string;
}

/** A multi-dimensional array on a device, with PyTorch's methods (`torch.Tensor`); create one with torch.tensor, zeros, randn... */
export class Tensor extends TensorMethods implements TensorRef {
  private _storage: Storage | null;
  private readonly _device: string;
  /** The size of each dim (PyTorch's `x.shape`). */
  readonly shape: readonly number[];
  /** The step in elements between neighbours along each dim (PyTorch's `x.stride()`). */
  readonly strides: readonly number[];
  /** The first element's position in the storage (PyTorch's `x.storage_offset()`). */
  readonly offset: number;
  /** The element type. */
  readonly dtype: DType;
  private _requiresGrad = false;
  /** The accumulated gradient (filled by `@x/autograd`). */
  grad: Tensor | null = null;
  /** The node that produced this tensor (set by `@x/autograd`); null for leaves. */
  gradFn: GradFn | null = null;
  /**
   * Which output of `gradFn` this tensor is (autograd bookkeeping).
   * @internal bookkeeping (not part of the user API).
   */
  _outputNr = 0;
  /**
   * The tensor this one is a view of (PyTorch's `_base`), or null.
   * @internal bookkeeping (not part of the user API).
   */
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
    super();
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
  /** The device the values live on: `'cpu'`, `'webgpu'`... */
  get device(): Device {
    return this._device as Device;
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
  /** The number of dims. */
  get ndim(): number {
    return this.shape.length;
  }
  /** Whether autograd tracks this tensor (the creation option, requiresGrad_(), or an op of a tracked input). */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(value: boolean) {
    if (value && !isFloating(this.dtype)) conv.setRequiresGrad(this, true);
    this._requiresGrad = value;
  }
  /** Whether autograd made this tensor (false) or the user did (true); PyTorch's `is_leaf`. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  // ---- views and aliases as properties (the methods come from the schema: src/generated/tensor-methods.ts) ----
  /** The dims reversed (PyTorch's `x.T`). */
  get T(): Tensor { return views.reverseDims(this); }
  /** The last two dims swapped (PyTorch's `x.mT`). */
  get mT(): Tensor { return views.transpose(this, -2, -1); }
  /** PyTorch's `x.data`: a tensor over the same storage, detached from autograd. */
  get data(): Tensor { return conv.detach(this); }

  override toString(): string {
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

  // ---- indexing ----
  /** `x[i, j]`: numbers, slice strings ('1:3', '::2', ':'), '...', null (new axis), bool masks, int index tensors. */
  at(...indices: Index[]): Tensor { return idx.at(this, indices); }
  /** `at` for any device, also when the result's size depends on the data (boolean masks). */
  atAsync(...indices: Index[]): Promise<Tensor> { return idx.atAsync(this, indices); }
  /** `x[indices] = value`, in place; returns this. */
  set(indices: readonly Index[], value: TensorOrScalar): this { idx.set(this, indices, value); return this; }
  /** x.set, awaiting an index tensor on an asynchronous device (PyTorch's `x[indices] = value`). */
  setAsync(indices: readonly Index[], value: TensorOrScalar): Promise<this> { return idx.setAsync(this, indices, value).then(() => this); }
}

/** Whether `x` is a Tensor (also one from another copy of @x/tensor). */
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
