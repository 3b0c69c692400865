// Adadelta (Zeiler) with weight decay and maximize: PyTorch 1.13's _single_tensor_adadelta,
// operation for operation.
import { type Tensor, zerosLike } from '@x/tensor';
import { defineSignature } from '@x/tensor';
import { Optimizer, type ParamGroup } from './optimizer';
import { bindOptimizer, type OptimizerArgs } from './bind-optimizer';

const ADADELTA_SIG = defineSignature(
  'optim.Adadelta(params: Params, lr: number = 1.0, rho: number = 0.9, eps: number = 1e-6, weightDecay: number = 0, foreach: boolean | null = null, *, maximize: boolean = false)',
  { doc: 'Adadelta, with weight decay and maximize.' },
);
import { addcmul_ } from './pointwise';
import * as check from './validate';

/** Adadelta's hyperparameters (PyTorch's names in camelCase). */
export interface AdadeltaOptions {
  /** Scales the update (default 1.0). */
  lr: number;
  /** Decay of the running averages of squared gradients and updates (default 0.9). */
  rho: number;
  /** Added inside the square roots (default 1e-6). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/** Per-parameter state of Adadelta: the running averages of squared gradients and squared updates. */
export interface AdadeltaState {
  step: number;
  square_avg: Tensor;
  acc_delta: Tensor;
}

/** torch.optim.Adadelta: an adaptive learning rate method (Zeiler, 2012), step for step as PyTorch 1.13. */
export class Adadelta extends Optimizer<AdadeltaOptions, AdadeltaState> {
  /** `new optim.Adadelta(params, { ... })`, its options by position after params, or all by name with `params`. */
  constructor(...args: OptimizerArgs<AdadeltaOptions>) {
    const { params, defaults } = bindOptimizer<AdadeltaOptions>('Adadelta', ADADELTA_SIG, args);
    super(params, defaults);
  }

  protected override validateGroup(g: ParamGroup<AdadeltaOptions>): void {
    check.lr('Adadelta', g.lr);
    const rho = check.number('Adadelta', 'rho', g.rho);
    if (!(rho >= 0 && rho <= 1)) throw new RangeError(`Invalid rho value: ${rho} (Adadelta: rho must be in [0, 1])`);
    check.eps('Adadelta', g.eps);
    check.weightDecay('Adadelta', g.weightDecay);
    check.flag('Adadelta', 'maximize', g.maximize);
  }

  protected override torchOnlyOptions(): Record<string, unknown> {
    return { foreach: null };
  }

  protected override updateGroup(g: ParamGroup<AdadeltaOptions>): void {
    const { lr, rho, eps, weightDecay, maximize } = g;
    for (const param of g.params) {
      if (param.grad === null) continue;
      let state = this.state.get(param);
      if (state === undefined) {
        state = { step: 0, square_avg: zerosLike(param), acc_delta: zerosLike(param) };
        this.state.set(param, state);
      }
      state.step += 1;
      let grad = maximize ? param.grad.neg() : param.grad;
      if (weightDecay !== 0) grad = grad.add(param, { alpha: weightDecay });
      addcmul_(state.square_avg.mul_(rho), grad, grad, 1 - rho);
      const std = state.square_avg.add(eps).sqrt_();
      const delta = state.acc_delta.add(eps).sqrt_().div_(std).mul_(grad);
      addcmul_(state.acc_delta.mul_(rho), delta, delta, 1 - rho);
      param.add_(delta, { alpha: -lr });
    }
  }
}
