// BatchNorm1d and BatchNorm2d: per-channel normalisation with running statistics kept in buffers
// named as PyTorch's (running_mean, running_var, num_batches_tracked), so state dicts match.
import { bindArgs, defineSignature, empty, ones, tensor, zeros, noGrad, type Signature, type Tensor } from '@x/tensor';
import { Module } from '../module';
import { Parameter } from '../parameter';
import { ones_, zeros_ } from '../init';
import { batchNorm } from '../functional/normalization';
import type { FactoryOptions } from './linear';
import { pyBool, pyFloat } from './repr';

/** BatchNorm1d/2d's options: `eps`, `momentum`, `affine`, `trackRunningStats`, and the factory options. */
export interface BatchNormModuleOptions extends FactoryOptions {
  eps?: number;
  /** Weight of each new batch in the running averages; null: a cumulative (simple) average. Default 0.1. */
  momentum?: number | null;
  /** Learnable per-channel weight and bias. Default true. */
  affine?: boolean;
  /** Keep running statistics (used in eval mode). Default true. */
  trackRunningStats?: boolean;
}

abstract class BatchNormBase extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  // PyTorch's buffer names, so that stateDict keys match (registered in the constructor).
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;

  readonly numFeatures: number;

  protected constructor(sig: Signature, args: unknown[]) {
    super();
    const options = bindArgs<Required<Omit<BatchNormModuleOptions, 'device' | 'dtype' | 'momentum'>> & FactoryOptions & { numFeatures: number; momentum: number | null }>(sig, args);
    const numFeatures = options.numFeatures;
    if (!Number.isInteger(numFeatures) || numFeatures < 0) throw new RangeError(`${this.constructor.name}: numFeatures must be a non-negative integer, got ${numFeatures}`);
    this.numFeatures = numFeatures;
    this.eps = options.eps;
    this.momentum = options.momentum;
    this.affine = options.affine;
    this.trackRunningStats = options.trackRunningStats;
    const factory = { device: options.device, dtype: options.dtype };
    this.weight = this.affine ? new Parameter(empty([numFeatures], factory)) : null;
    this.bias = this.affine ? new Parameter(empty([numFeatures], factory)) : null;
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', zeros([numFeatures], factory));
      this.registerBuffer('running_var', ones([numFeatures], factory));
      this.registerBuffer('num_batches_tracked', tensor(0, { dtype: 'int64', device: options.device }));
    } else {
      this.registerBuffer('running_mean', null);
      this.registerBuffer('running_var', null);
      this.registerBuffer('num_batches_tracked', null);
    }
    this.resetParameters();
  }

  resetRunningStats(): void {
    noGrad(() => {
      this.running_mean?.zero_();
      this.running_var?.fill_(1);
      this.num_batches_tracked?.zero_();
    });
  }

  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight) ones_(this.weight);
    if (this.bias) zeros_(this.bias);
  }

  protected abstract checkInputDim(x: Tensor): void;

  override forward(x: Tensor): Tensor {
    this.checkInputDim(x);
    // PyTorch's _BatchNorm.forward: count the batch, then the momentum or the cumulative-average factor.
    let factor: number | Tensor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.num_batches_tracked) {
      const nbt = this.num_batches_tracked;
      noGrad(() => nbt.add_(1));
      if (this.momentum === null) factor = noGrad(() => nbt.to(this.running_mean?.dtype ?? 'float32').reciprocal());
    }
    const useBatchStats = this.training || (this.running_mean === null && this.running_var === null);
    // In training without tracked stats, the running buffers are not passed (and so not updated).
    const useBuffers = !this.training || this.trackRunningStats;
    return batchNorm(
      x,
      useBuffers ? this.running_mean : null,
      useBuffers ? this.running_var : null,
      this.weight,
      this.bias,
      useBatchStats,
      factor,
      this.eps,
    );
  }

  override extraRepr(): string {
    const momentum = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${momentum}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

const batchNormSignature = (name: string) =>
  defineSignature(
    `nn.${name}(numFeatures: number, eps: number = 1e-5, momentum: number | null = 0.1, affine: boolean = true, trackRunningStats: boolean = true, device?: string, dtype?: DType)`,
    { doc: 'Per-channel normalisation with running statistics (buffers running_mean, running_var, num_batches_tracked).' },
  );
const BATCH_NORM_1D = batchNormSignature('BatchNorm1d');
const BATCH_NORM_2D = batchNormSignature('BatchNorm2d');

type BatchNormArgs = [numFeatures: number, eps?: number, momentum?: number | null, affine?: boolean, trackRunningStats?: boolean, options?: FactoryOptions] | [numFeatures: number, options?: BatchNormModuleOptions] | [options: BatchNormModuleOptions & { numFeatures: number }];

/** Batch norm over [N, C] or [N, C, L] input. */
export class BatchNorm1d extends BatchNormBase {
  /** `new nn.BatchNorm1d(64)`, `new nn.BatchNorm1d(64, { momentum: 0.01 })`, `new nn.BatchNorm1d({ numFeatures: 64 })`. */
  constructor(...args: BatchNormArgs) {
    super(BATCH_NORM_1D, args);
  }
  protected checkInputDim(x: Tensor): void {
    if (x.ndim !== 2 && x.ndim !== 3) throw new RangeError(`BatchNorm1d: expected 2D or 3D input (got ${x.ndim}D input of shape [${x.shape.join(', ')}])`);
  }
}

/** Batch norm over [N, C, H, W] input. */
export class BatchNorm2d extends BatchNormBase {
  constructor(...args: BatchNormArgs) {
    super(BATCH_NORM_2D, args);
  }
  protected checkInputDim(x: Tensor): void {
    if (x.ndim !== 4) throw new RangeError(`BatchNorm2d: expected 4D input (got ${x.ndim}D input of shape [${x.shape.join(', ')}])`);
  }
}
