// Activation modules: ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softmax, LogSoftmax.
// Positional arguments as in PyTorch (`new nn.LeakyReLU(0.01)`, `new nn.Softmax(1)`) or one options object.
import type { Tensor } from '@x/tensor';
import { Module } from '../module';
import * as F from '../functional/activation';
import { pyFloat } from './repr';

type Inplace = { inplace?: boolean };

/** `(true)` or `({ inplace: true })`. */
const inplaceOf = (arg: boolean | Inplace | undefined): boolean => (typeof arg === 'object' ? arg.inplace ?? false : arg ?? false);

export class ReLU extends Module {
  readonly inplace: boolean;
  constructor(inplace?: boolean | Inplace) {
    super();
    this.inplace = inplaceOf(inplace);
  }
  override forward(x: Tensor): Tensor {
    return F.relu(x, this.inplace);
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  readonly inplace: boolean;
  constructor(negativeSlope?: number | (Inplace & { negativeSlope?: number }), inplace?: boolean | Inplace) {
    super();
    const opts = typeof negativeSlope === 'object' ? negativeSlope : { negativeSlope, inplace: inplaceOf(inplace) };
    this.negativeSlope = opts.negativeSlope ?? 0.01;
    this.inplace = opts.inplace ?? false;
  }
  override forward(x: Tensor): Tensor {
    return F.leakyRelu(x, this.negativeSlope, this.inplace);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class ELU extends Module {
  readonly alpha: number;
  readonly inplace: boolean;
  constructor(alpha?: number | (Inplace & { alpha?: number }), inplace?: boolean | Inplace) {
    super();
    const opts = typeof alpha === 'object' ? alpha : { alpha, inplace: inplaceOf(inplace) };
    this.alpha = opts.alpha ?? 1;
    this.inplace = opts.inplace ?? false;
  }
  override forward(x: Tensor): Tensor {
    return F.elu(x, this.alpha, this.inplace);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class GELU extends Module {
  readonly approximate: F.GeluApproximate;
  constructor(approximate?: F.GeluApproximate | { approximate?: F.GeluApproximate }) {
    super();
    this.approximate = (typeof approximate === 'object' ? approximate.approximate : approximate) ?? 'none';
    if (this.approximate !== 'none' && this.approximate !== 'tanh') {
      throw new RangeError(`GELU: approximate argument must be either none or tanh, got '${String(this.approximate)}'`);
    }
  }
  override forward(x: Tensor): Tensor {
    return F.gelu(x, this.approximate);
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export class SiLU extends Module {
  readonly inplace: boolean;
  constructor(inplace?: boolean | Inplace) {
    super();
    this.inplace = inplaceOf(inplace);
  }
  override forward(x: Tensor): Tensor {
    return F.silu(x, this.inplace);
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

export class Sigmoid extends Module {
  override forward(x: Tensor): Tensor {
    return F.sigmoid(x);
  }
}

export class Tanh extends Module {
  override forward(x: Tensor): Tensor {
    return F.tanh(x);
  }
}

type DimArg = number | null | { dim?: number | null };
const dimOf = (arg: DimArg | undefined): number | null => (typeof arg === 'object' && arg !== null ? arg.dim ?? null : arg ?? null);

/** Softmax along `dim`; without one, PyTorch's deprecated implicit choice (0 for 0/1/3-d input, else 1). */
export class Softmax extends Module {
  readonly dim: number | null;
  constructor(dim?: DimArg) {
    super();
    this.dim = dimOf(dim);
  }
  override forward(x: Tensor): Tensor {
    return F.softmax(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? 'None' : this.dim}`;
  }
}

export class LogSoftmax extends Module {
  readonly dim: number | null;
  constructor(dim?: DimArg) {
    super();
    this.dim = dimOf(dim);
  }
  override forward(x: Tensor): Tensor {
    return F.logSoftmax(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? 'None' : this.dim}`;
  }
}
