// Linear, Identity, Flatten, Unflatten.
import { empty, type Tensor } from '@x/tensor';
import { Module } from '../module';
import { Parameter } from '../parameter';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init';
import { linear } from '../functional/linear';

export interface FactoryOptions {
  device?: string;
  dtype?: 'float32' | 'float64';
}

/** y = x W^T + b, initialised as PyTorch (kaiming-uniform with a=√5, bias uniform ±1/√fan_in). */
export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: FactoryOptions & { bias?: boolean } = {},
  ) {
    super();
    for (const [name, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`Linear: ${name} must be a non-negative integer, got ${v}`);
    }
    const factory = { device: options.device, dtype: options.dtype };
    this.weight = new Parameter(empty([outFeatures, inFeatures], factory));
    this.bias = options.bias === false ? null : new Parameter(empty([outFeatures], factory));
    this.resetParameters();
  }
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

export class Identity extends Module {
  override forward(x: Tensor): Tensor {
    return x;
  }
}

export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }
  override forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

export class Unflatten extends Module {
  constructor(
    readonly dim: number,
    readonly unflattenedSize: readonly number[],
  ) {
    super();
  }
  override forward(x: Tensor): Tensor {
    return x.unflatten(this.dim, this.unflattenedSize);
  }
  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=(${this.unflattenedSize.join(', ')})`;
  }
}
