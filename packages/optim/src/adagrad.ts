// Adagrad (Duchi et al.) with lr decay, weight decay, an initial accumulator and maximize: PyTorch
// 1.13's _single_tensor_adagrad, operation for operation. As in PyTorch, every parameter's state is
// created by the constructor (step 0, sum = initialAccumulatorValue), gradient or not.
import { fullLike, type Tensor } from '@x/tensor';
import { defineSignature } from '@x/tensor';
import { Optimizer, type ParamGroup } from './optimizer';
import { bindOptimizer, type OptimizerArgs } from './bind-optimizer';

const ADAGRAD_SIG = defineSignature(
  'optim.Adagrad(params: Params, lr: number = 0.01, lrDecay: number = 0, weightDecay: number = 0, initialAccumulatorValue: number = 0, eps: number = 1e-10, foreach: boolean | null = null, *, maximize: boolean = false)',
  { doc: 'Adagrad, with lr decay, weight decay, an initial accumulator and maximize.' },
);
import { addcdiv_, addcmul_ } from './pointwise';
import * as check from './validate';

/** Adagrad's hyperparameters (PyTorch's names in camelCase). */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** The lr at step t is lr / (1 + (t - 1) * lrDecay) (default 0). */
  lrDecay: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** The sums of squared gradients start here (default 0). The constructor's value serves every group, as in PyTorch. */
  initialAccumulatorValue: number;
  /** Added to the denominator (default 1e-10). */
  eps: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/** Per-parameter state of Adagrad: the step count and the running sum of squared gradients. */
export interface AdagradState {
  step: number;
  sum: Tensor;
}

/** torch.optim.Adagrad (Duchi et al., 2011), step for step as PyTorch 1.13. */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  /** `new optim.Adagrad(params, { ... })`, its options by position after params, or all by name with `params`. */
  constructor(...args: OptimizerArgs<AdagradOptions>) {
    const { params, defaults } = bindOptimizer<AdagradOptions>('Adagrad', ADAGRAD_SIG, args);
    super(params, defaults);
    const init = this.defaults.initialAccumulatorValue!;
    for (const group of this.paramGroups) for (const p of group.params) this.state.set(p, { step: 0, sum: fullLike(p, init) });
  }

  protected override validateGroup(g: ParamGroup<AdagradOptions>): void {
    check.lr('Adagrad', g.lr);
    check.nonNegative('Adagrad', 'lrDecay', g.lrDecay, 'Invalid lr_decay value');
    check.weightDecay('Adagrad', g.weightDecay);
    check.nonNegative('Adagrad', 'initialAccumulatorValue', g.initialAccumulatorValue, 'Invalid initial_accumulator_value value');
    check.eps('Adagrad', g.eps);
    check.flag('Adagrad', 'maximize', g.maximize);
  }

  protected override torchOnlyOptions(): Record<string, unknown> {
    return { foreach: null };
  }

  protected override updateGroup(g: ParamGroup<AdagradOptions>): void {
    const { lr, lrDecay, weightDecay, eps, maximize } = g;
    for (const param of g.params) {
      if (param.grad === null) continue;
      let state = this.state.get(param);
      if (state === undefined) {
        // a group added after construction (PyTorch would fail here): start it as the constructor does
        state = { step: 0, sum: fullLike(param, this.defaults.initialAccumulatorValue!) };
        this.state.set(param, state);
      }
      // PyTorch counts in a float32 tensor
      state.step = Math.fround(state.step + 1);
      let grad = maximize ? param.grad.neg() : param.grad;
      if (weightDecay !== 0) grad = grad.add(param, { alpha: weightDecay });
      const clr = lr / (1 + (state.step - 1) * lrDecay);
      addcmul_(state.sum, grad, grad, 1);
      const std = state.sum.sqrt().add_(eps);
      addcdiv_(param, grad, std, -clr);
    }
  }
}
