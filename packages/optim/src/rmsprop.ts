// RMSprop (Hinton) with weight decay, momentum, the centered variant and maximize: PyTorch 1.13's
// _single_tensor_rmsprop, operation for operation.
import { type Tensor, zerosLike } from '@x/tensor';
import { defineSignature } from '@x/tensor';
import { Optimizer, type ParamGroup } from './optimizer';
import { bindOptimizer, type OptimizerArgs } from './bind-optimizer';

const RMSPROP_SIG = defineSignature(
  'optim.RMSprop(params: Params, lr: number = 0.01, alpha: number = 0.99, eps: number = 1e-8, weightDecay: number = 0, momentum: number = 0, centered: boolean = false, foreach: boolean | null = null, maximize: boolean = false, differentiable: boolean = false)',
  { doc: 'RMSprop, with weight decay, momentum, centered and maximize.' },
);
import { addcdiv_, addcmul, addcmul_ } from './pointwise';
import * as check from './validate';

/** RMSprop's hyperparameters: `lr`, `alpha`, `eps`, `weightDecay`, `momentum`, `centered`, `maximize`. */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant of the squared-gradient average (default 0.99). */
  alpha: number;
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Normalize by an estimate of the gradient's variance (default false). */
  centered: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/** RMSprop's per-parameter state under PyTorch's names: `step`, `square_avg`, and `momentum_buffer`/`grad_avg` when used. */
export interface RMSpropState {
  step: number;
  square_avg: Tensor;
  /** Only with momentum > 0. */
  momentum_buffer?: Tensor;
  /** Only when centered. */
  grad_avg?: Tensor;
}

function stateTensor(state: RMSpropState, key: 'momentum_buffer' | 'grad_avg'): Tensor {
  const t = state[key];
  if (t === undefined) throw new Error(`RMSprop: the state has no ${key} (a state dict saved with other options?)`);
  return t;
}

/** The RMSprop optimizer (PyTorch's `optim.RMSprop`). */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  /** `new optim.RMSprop(params, { ... })`, its options by position after params, or all by name with `params`. */
  constructor(...args: OptimizerArgs<RMSpropOptions>) {
    const { params, defaults } = bindOptimizer<RMSpropOptions>('RMSprop', RMSPROP_SIG, args);
    super(params, defaults);
  }

  protected override validateGroup(g: ParamGroup<RMSpropOptions>): void {
    check.lr('RMSprop', g.lr);
    check.eps('RMSprop', g.eps);
    check.momentum('RMSprop', g.momentum);
    check.weightDecay('RMSprop', g.weightDecay);
    check.nonNegative('RMSprop', 'alpha', g.alpha, 'Invalid alpha value');
    check.flag('RMSprop', 'centered', g.centered);
    check.flag('RMSprop', 'maximize', g.maximize);
  }

  protected override torchOnlyOptions(): Record<string, unknown> {
    return { foreach: null, differentiable: false };
  }

  protected override updateGroup(g: ParamGroup<RMSpropOptions>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = g;
    for (const param of g.params) {
      if (param.grad === null) continue;
      let state = this.state.get(param);
      if (state === undefined) {
        state = { step: 0, square_avg: zerosLike(param) };
        if (momentum > 0) state.momentum_buffer = zerosLike(param);
        if (centered) state.grad_avg = zerosLike(param);
        this.state.set(param, state);
      }
      state.step += 1;

      let grad = maximize ? param.grad.neg() : param.grad;
      if (weightDecay !== 0) grad = grad.add(param, { alpha: weightDecay });
      addcmul_(state.square_avg.mul_(alpha), grad, grad, 1 - alpha);
      let avg: Tensor;
      if (centered) {
        const gradAvg = stateTensor(state, 'grad_avg');
        gradAvg.mul_(alpha).add_(grad, { alpha: 1 - alpha });
        avg = addcmul(state.square_avg, gradAvg, gradAvg, -1).sqrt_();
      } else {
        avg = state.square_avg.sqrt();
      }
      avg = avg.add_(eps);
      if (momentum > 0) {
        const buf = stateTensor(state, 'momentum_buffer');
        addcdiv_(buf.mul_(momentum), grad, avg);
        param.add_(buf, { alpha: -lr });
      } else {
        addcdiv_(param, grad, avg, -lr);
      }
    }
  }
}
