// Activation modules: ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softmax, LogSoftmax.
// Arguments by position as in PyTorch (`new nn.LeakyReLU(0.01)`, `new nn.Softmax(1)`) or by name in
// a trailing options object (`new nn.Softmax({ dim: 1 })`).
import { bindArgs, defineSignature, type Tensor } from '@x/tensor';
import { Module } from '../module';
import * as F from '../functional/activation';
import { pyFloat } from './repr';

const sig = (text: string, doc: string) => defineSignature(text, { doc });
const RELU = sig('nn.ReLU(inplace: boolean = false)', 'max(x, 0).');
const LEAKY_RELU = sig('nn.LeakyReLU(negativeSlope: number = 0.01, inplace: boolean = false)', 'x for x > 0, negativeSlope * x otherwise.');
const ELU_SIG = sig('nn.ELU(alpha: number = 1.0, inplace: boolean = false)', 'x for x > 0, alpha * (exp(x) - 1) otherwise.');
const GELU_SIG = sig("nn.GELU(approximate: 'none' | 'tanh' = 'none')", 'x * Φ(x), or its tanh approximation.');
const SILU = sig('nn.SiLU(inplace: boolean = false)', 'x * sigmoid(x).');
const SIGMOID = sig('nn.Sigmoid()', '1 / (1 + exp(-x)).');
const TANH = sig('nn.Tanh()', 'tanh(x).');
const SOFTMAX = sig('nn.Softmax(dim: number | null = null)', 'Softmax along dim.');
const LOG_SOFTMAX = sig('nn.LogSoftmax(dim: number | null = null)', 'log(softmax(x)) along dim.');

type Inplace = { inplace?: boolean };

/** max(0, x), elementwise (PyTorch's `nn.ReLU`). */
export class ReLU extends Module {
  /** Whether the input is overwritten. */
  readonly inplace: boolean;
  constructor(inplace?: boolean | Inplace);
  constructor(...args: unknown[]) {
    super();
    this.inplace = bindArgs<{ inplace: boolean }>(RELU, args).inplace;
  }
  override forward(x: Tensor): Tensor {
    return F.relu(x, this.inplace);
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

/** x for x ≥ 0, negativeSlope·x below (PyTorch's `nn.LeakyReLU`). */
export class LeakyReLU extends Module {
  /** The slope for negative inputs (PyTorch's `negative_slope`). */
  readonly negativeSlope: number;
  /** Whether the input is overwritten. */
  readonly inplace: boolean;
  constructor(negativeSlope?: number, inplace?: boolean | Inplace);
  constructor(options: Inplace & { negativeSlope?: number });
  constructor(...args: unknown[]) {
    super();
    const a = bindArgs<{ negativeSlope: number; inplace: boolean }>(LEAKY_RELU, args);
    this.negativeSlope = a.negativeSlope;
    this.inplace = a.inplace;
  }
  override forward(x: Tensor): Tensor {
    return F.leakyRelu(x, this.negativeSlope, this.inplace);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** x for x > 0, alpha·(exp(x) − 1) below (PyTorch's `nn.ELU`). */
export class ELU extends Module {
  /** The scale of the negative part. */
  readonly alpha: number;
  /** Whether the input is overwritten. */
  readonly inplace: boolean;
  constructor(alpha?: number, inplace?: boolean | Inplace);
  constructor(options: Inplace & { alpha?: number });
  constructor(...args: unknown[]) {
    super();
    const a = bindArgs<{ alpha: number; inplace: boolean }>(ELU_SIG, args);
    this.alpha = a.alpha;
    this.inplace = a.inplace;
  }
  override forward(x: Tensor): Tensor {
    return F.elu(x, this.alpha, this.inplace);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** x·Φ(x), exact or tanh-approximated (PyTorch's `nn.GELU`). */
export class GELU extends Module {
  /** `'none'` (exact) or `'tanh'`. */
  readonly approximate: F.GeluApproximate;
  constructor(approximate?: F.GeluApproximate | { approximate?: F.GeluApproximate });
  constructor(...args: unknown[]) {
    super();
    this.approximate = bindArgs<{ approximate: F.GeluApproximate }>(GELU_SIG, args).approximate;
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

/** x·sigmoid(x) (PyTorch's `nn.SiLU`, also called swish). */
export class SiLU extends Module {
  /** Whether the input is overwritten. */
  readonly inplace: boolean;
  constructor(inplace?: boolean | Inplace);
  constructor(...args: unknown[]) {
    super();
    this.inplace = bindArgs<{ inplace: boolean }>(SILU, args).inplace;
  }
  override forward(x: Tensor): Tensor {
    return F.silu(x, this.inplace);
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

/** 1 / (1 + exp(−x)), elementwise (PyTorch's `nn.Sigmoid`). */
export class Sigmoid extends Module {
  constructor(...args: unknown[]) {
    super();
    bindArgs(SIGMOID, args);
  }
  override forward(x: Tensor): Tensor {
    return F.sigmoid(x);
  }
}

/** tanh, elementwise (PyTorch's `nn.Tanh`). */
export class Tanh extends Module {
  constructor(...args: unknown[]) {
    super();
    bindArgs(TANH, args);
  }
  override forward(x: Tensor): Tensor {
    return F.tanh(x);
  }
}

type DimArg = number | null | { dim?: number | null };

/** Softmax along `dim`; without one, PyTorch's deprecated implicit choice (0 for 0/1/3-d input, else 1). */
export class Softmax extends Module {
  /** The dim the softmax normalizes over. */
  readonly dim: number | null;
  constructor(dim?: DimArg);
  constructor(...args: unknown[]) {
    super();
    this.dim = bindArgs<{ dim: number | null }>(SOFTMAX, args).dim;
  }
  override forward(x: Tensor): Tensor {
    return F.softmax(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? 'None' : this.dim}`;
  }
}

/** log(softmax(x)) along dim, computed stably (PyTorch's `nn.LogSoftmax`). */
export class LogSoftmax extends Module {
  /** The dim the softmax normalizes over. */
  readonly dim: number | null;
  constructor(dim?: DimArg);
  constructor(...args: unknown[]) {
    super();
    this.dim = bindArgs<{ dim: number | null }>(LOG_SOFTMAX, args).dim;
  }
  override forward(x: Tensor): Tensor {
    return F.logSoftmax(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? 'None' : this.dim}`;
  }
}
