// Linear, Identity, Flatten, Unflatten.
import { bindArgs, defineSignature, empty, type Device, type DType, type Tensor } from '@x/tensor';
import { Module } from '../module';
import { Parameter } from '../parameter';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init';
import { linear } from '../functional/linear';

/** Where a module's parameters are created: `device` and `dtype` (PyTorch's factory kwargs). */
export interface FactoryOptions {
  device?: Device;
  dtype?: DType;
}

const LINEAR = defineSignature('nn.Linear(inFeatures: number, outFeatures: number, bias: boolean = true, device?: string, dtype?: DType)', {
  doc: 'y = x W^T + b, initialised as PyTorch.',
});
const FLATTEN = defineSignature('nn.Flatten(startDim: number = 1, endDim: number = -1)', { doc: 'Flattens dims startDim..endDim.' });
const UNFLATTEN = defineSignature('nn.Unflatten(dim: number, unflattenedSize: number[])', { doc: 'Splits dim into unflattenedSize.' });

export interface LinearOptions extends FactoryOptions {
  bias?: boolean;
}

/** y = x W^T + b, initialised as PyTorch (kaiming-uniform with a=√5, bias uniform ±1/√fan_in). */
export class Linear extends Module {
  /** The weight, [outFeatures, inFeatures]. */
  weight: Parameter;
  /** The bias, [outFeatures], or null when created with `bias: false`. */
  bias: Parameter | null;
  /** Size of each input sample. */
  readonly inFeatures: number;
  /** Size of each output sample. */
  readonly outFeatures: number;
  /** `new nn.Linear(784, 10)`, `new nn.Linear(784, 10, false)`, `new nn.Linear({ inFeatures: 784, outFeatures: 10, bias: false })`. */
  constructor(inFeatures: number, outFeatures: number, bias?: boolean, device?: Device, dtype?: DType);
  constructor(inFeatures: number, outFeatures: number, options?: LinearOptions);
  constructor(inFeatures: number, options: LinearOptions & { outFeatures: number });
  constructor(options: LinearOptions & { inFeatures: number; outFeatures: number });
  constructor(...args: unknown[]) {
    super();
    const a = bindArgs<{ inFeatures: number; outFeatures: number; bias: boolean; device?: Device; dtype?: DType }>(LINEAR, args);
    for (const name of ['inFeatures', 'outFeatures'] as const) {
      if (!Number.isInteger(a[name]) || a[name] < 0) throw new RangeError(`Linear: ${name} must be a non-negative integer, got ${a[name]}`);
    }
    this.inFeatures = a.inFeatures;
    this.outFeatures = a.outFeatures;
    const factory = { device: a.device, dtype: a.dtype };
    this.weight = new Parameter(empty([a.outFeatures, a.inFeatures], factory));
    this.bias = a.bias === false ? null : new Parameter(empty([a.outFeatures], factory));
    this.resetParameters();
  }

  /** Re-initializes weight and bias as PyTorch does (Kaiming uniform with a = √5, bias from U(−1/√fanIn, 1/√fanIn)). */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const fanIn = this.inFeatures === 0 ? 0 : calculateFanInAndFanOut(this.weight)[0];
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }
  override forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias ? 'True' : 'False'}`;
  }
}

/** Returns its input; like PyTorch's, it accepts and ignores any constructor arguments. */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }
  override forward(x: Tensor): Tensor {
    return x;
  }
}

/** Flattens dims startDim..endDim into one (PyTorch's `nn.Flatten`; defaults 1 and −1). */
export class Flatten extends Module {
  /** First dimension flattened. */
  readonly startDim: number;
  /** Last dimension flattened. */
  readonly endDim: number;
  /** `new nn.Flatten()`, `new nn.Flatten(2)`, `new nn.Flatten({ startDim: 2 })`. */
  constructor(startDim?: number, endDim?: number);
  constructor(options: { startDim?: number; endDim?: number });
  constructor(startDim: number, options: { endDim?: number });
  constructor(...args: unknown[]) {
    super();
    const a = bindArgs<{ startDim: number; endDim: number }>(FLATTEN, args);
    this.startDim = a.startDim;
    this.endDim = a.endDim;
  }
  override forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** Expands one dim into unflattenedSize (PyTorch's `nn.Unflatten`). */
export class Unflatten extends Module {
  /** The dimension that is unflattened. */
  readonly dim: number;
  /** The shape the dimension becomes. */
  readonly unflattenedSize: readonly number[];
  constructor(dim: number, unflattenedSize: readonly number[]);
  constructor(dim: number, options: { unflattenedSize: readonly number[] });
  constructor(options: { dim: number; unflattenedSize: readonly number[] });
  constructor(...args: unknown[]) {
    super();
    const a = bindArgs<{ dim: number; unflattenedSize: readonly number[] }>(UNFLATTEN, args);
    this.dim = a.dim;
    this.unflattenedSize = a.unflattenedSize;
  }
  override forward(x: Tensor): Tensor {
    return x.unflatten(this.dim, this.unflattenedSize);
  }
  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=(${this.unflattenedSize.join(', ')})`;
  }
}
