// F.mseLoss, F.l1Loss, F.smoothL1Loss, F.huberLoss: elementwise losses of input - target. Like PyTorch,
// a target of another shape is broadcast against the input, with PyTorch's warning.
import { bindArgs, defineSignature, isFloating, nameGradFn, where, type Tensor } from '@x/tensor';
import { reduce, reductionOf, warnSizeMismatch, type LegacyReductionOptions, type Reduction } from './losses-common';

const MSE = defineSignature("nn.functional.mseLoss(input: Tensor, target: Tensor, sizeAverage: boolean | null = null, reduce: boolean | null = null, reduction: Reduction = 'mean')", { doc: 'Mean squared error.' });
const L1 = defineSignature("nn.functional.l1Loss(input: Tensor, target: Tensor, sizeAverage: boolean | null = null, reduce: boolean | null = null, reduction: Reduction = 'mean')", { doc: 'Mean absolute error.' });
const SMOOTH_L1 = defineSignature("nn.functional.smoothL1Loss(input: Tensor, target: Tensor, sizeAverage: boolean | null = null, reduce: boolean | null = null, reduction: Reduction = 'mean', beta: number = 1.0)", { doc: 'Quadratic below beta, linear above.' });
const HUBER = defineSignature("nn.functional.huberLoss(input: Tensor, target: Tensor, reduction: Reduction = 'mean', delta: number = 1.0)", { doc: 'Quadratic below delta, delta-scaled linear above.' });

type Bound<O> = O & { input: Tensor; target: Tensor };
type Args<O> = [input: Tensor, target: Tensor, options?: O] | [options: Bound<O>] | [input: Tensor, target: Tensor, ...rest: unknown[]];


function difference(op: string, input: Tensor, target: Tensor): Tensor {
  if (!isFloating(input.dtype) && !isFloating(target.dtype)) {
    throw new TypeError(`${op}: not implemented for input ${input.dtype} and target ${target.dtype}; convert the input with .float()`);
  }
  warnSizeMismatch(op, input, target);
  return input.sub(target);
}

/** Mean squared error: (input - target)². */
export function mseLoss(...args: Args<LegacyReductionOptions>): Tensor {
  const { input, target, ...options } = bindArgs<Bound<LegacyReductionOptions>>(MSE, args);
  const reduction = reductionOf('mseLoss', options);
  const d = difference('mseLoss', input, target);
  return nameGradFn(reduce(d.mul(d), reduction), 'MseLossBackward0');
}

/** Mean absolute error: |input - target| (gradient sign(input - target), 0 at a tie). */
export function l1Loss(...args: Args<LegacyReductionOptions>): Tensor {
  const { input, target, ...options } = bindArgs<Bound<LegacyReductionOptions>>(L1, args);
  const reduction = reductionOf('l1Loss', options);
  return reduce(difference('l1Loss', input, target).abs(), reduction);
}

/** smoothL1Loss's options: `beta` and the reduction. */
export interface SmoothL1Options extends LegacyReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1; 0 gives the L1 loss). */
  beta?: number;
}

/** 0.5·d²/beta where |d| < beta, else |d| - 0.5·beta (d = input - target). */
export function smoothL1Loss(...args: Args<SmoothL1Options>): Tensor {
  const { input, target, ...options } = bindArgs<Bound<SmoothL1Options>>(SMOOTH_L1, args);
  const reduction = reductionOf('smoothL1Loss', options);
  const beta = options.beta ?? 1;
  if (!(beta >= 0)) throw new RangeError(`smoothL1Loss: smooth_l1_loss does not support negative values for beta. (got beta=${beta})`);
  const d = difference('smoothL1Loss', input, target);
  const a = d.abs();
  // beta = 0 is the L1 loss, but with PyTorch's gradient at a tie: -1 (its kernel tests d <= -beta first)
  if (beta === 0) return nameGradFn(reduce(where(d.gt(0), d, d.neg()), reduction), 'SmoothL1LossBackward0');
  return nameGradFn(reduce(where(a.lt(beta), d.mul(d).mul(0.5).div(beta), a.sub(0.5 * beta)), reduction), 'SmoothL1LossBackward0');
}

/** huberLoss's options: `delta` and the reduction. */
export interface HuberOptions {
  reduction?: Reduction;
  /** Where the loss turns from quadratic to linear (default 1, must be positive). */
  delta?: number;
}

/** 0.5·d² where |d| < delta, else delta·(|d| - 0.5·delta) (d = input - target). */
export function huberLoss(...args: Args<HuberOptions>): Tensor {
  const { input, target, ...options } = bindArgs<Bound<HuberOptions>>(HUBER, args);
  const reduction = reductionOf('huberLoss', options);
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new RangeError(`huberLoss: huber_loss does not support non-positive values for delta. (got delta=${delta})`);
  const d = difference('huberLoss', input, target);
  const a = d.abs();
  return nameGradFn(reduce(where(a.lt(delta), d.mul(d).mul(0.5), a.sub(0.5 * delta).mul(delta)), reduction), 'HuberLossBackward0');
}
