// MSELoss, L1Loss, SmoothL1Loss, HuberLoss.
import { bindArgs, defineSignature, type Tensor } from '@x/tensor';
import { Loss, LossArgs } from './loss';
import { huberLoss, l1Loss, mseLoss, smoothL1Loss, type HuberOptions, type SmoothL1Options } from '../functional/losses-regression';
import type { LegacyReductionOptions } from '../functional/losses-common';

const MSE = defineSignature("nn.MSELoss(sizeAverage: boolean | null = null, reduce: boolean | null = null, reduction: Reduction = 'mean')", { doc: 'Mean squared error.' });
const L1 = defineSignature("nn.L1Loss(sizeAverage: boolean | null = null, reduce: boolean | null = null, reduction: Reduction = 'mean')", { doc: 'Mean absolute error.' });
const SMOOTH_L1 = defineSignature("nn.SmoothL1Loss(sizeAverage: boolean | null = null, reduce: boolean | null = null, reduction: Reduction = 'mean', beta: number = 1.0)", { doc: 'Quadratic below beta, linear above.' });
const HUBER = defineSignature("nn.HuberLoss(reduction: Reduction = 'mean', delta: number = 1.0)", { doc: 'Quadratic below delta, delta-scaled linear above.' });

/** Mean squared error (PyTorch's `nn.MSELoss`). */
export class MSELoss extends Loss {
  /** `new nn.MSELoss()`, `new nn.MSELoss({ reduction: 'sum' })`. */
  constructor(options?: LegacyReductionOptions);
  constructor(...args: unknown[]) {
    super(new LossArgs(MSE, args));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Mean absolute error (PyTorch's `nn.L1Loss`). */
export class L1Loss extends Loss {
  constructor(options?: LegacyReductionOptions);
  constructor(...args: unknown[]) {
    super(new LossArgs(L1, args));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

/** Squared error below beta, absolute error above (PyTorch's `nn.SmoothL1Loss`). */
export class SmoothL1Loss extends Loss {
  /** Where the loss switches from squared to absolute. */
  readonly beta: number;
  constructor(options?: SmoothL1Options);
  constructor(...args: unknown[]) {
    super(new LossArgs(SMOOTH_L1, args));
    this.beta = bindArgs<{ beta: number }>(SMOOTH_L1, args).beta;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** Squared error below delta, delta-scaled absolute error above (PyTorch's `nn.HuberLoss`). */
export class HuberLoss extends Loss {
  /** Where the loss switches from squared to absolute. */
  readonly delta: number;
  constructor(options?: HuberOptions);
  constructor(...args: unknown[]) {
    super(new LossArgs(HUBER, args));
    this.delta = bindArgs<{ delta: number }>(HUBER, args).delta;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}
