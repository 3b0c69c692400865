// SGD with momentum, dampening, Nesterov momentum, weight decay and maximize: PyTorch 1.13's
// _single_tensor_sgd, operation for operation.
import { defineSignature, fusedKernel, type Tensor } from '@x/tensor';
import { Optimizer, type ParamGroup } from './optimizer';
import { bindOptimizer, type OptimizerArgs } from './bind-optimizer';

const SGD_SIG = defineSignature(
  'optim.SGD(params: Params, lr?: number, momentum: number = 0, dampening: number = 0, weightDecay: number = 0, nesterov: boolean = false, *, maximize: boolean = false, foreach: boolean | null = null, differentiable: boolean = false)',
  { doc: 'Stochastic gradient descent, with momentum, dampening, Nesterov momentum, weight decay and maximize.' },
);
import * as check from './validate';

/** SGD's hyperparameters: `lr`, `momentum`, `dampening`, `weightDecay`, `nesterov`, `maximize`. */
export interface SGDOptions {
  /** Learning rate (required, as in PyTorch 1.13). */
  lr: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Dampening for momentum (default 0). */
  dampening: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/** SGD's per-parameter state: `momentum_buffer` (null until momentum is used, as PyTorch's None). */
export interface SGDState {
  /** null until momentum is used, as PyTorch stores None. */
  momentum_buffer: Tensor | null;
}

/** Stochastic gradient descent, with momentum and Nesterov (PyTorch's `optim.SGD`). */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  /** `new optim.SGD(params, { ... })`, its options by position after params, or all by name with `params`. */
  constructor(...args: OptimizerArgs<SGDOptions>) {
    const { params, defaults } = bindOptimizer<SGDOptions>('SGD', SGD_SIG, args);
    super(params, defaults);
  }

  protected override validateGroup(g: ParamGroup<SGDOptions>): void {
    check.lr('SGD', g.lr);
    check.momentum('SGD', g.momentum);
    check.number('SGD', 'dampening', g.dampening);
    check.weightDecay('SGD', g.weightDecay);
    check.flag('SGD', 'nesterov', g.nesterov);
    check.flag('SGD', 'maximize', g.maximize);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new RangeError(
        `Nesterov momentum requires a momentum and zero dampening (SGD: got momentum ${g.momentum}, dampening ${g.dampening}; set momentum > 0 and dampening 0, or nesterov false)`,
      );
    }
  }

  protected override torchOnlyOptions(): Record<string, unknown> {
    return { foreach: null, differentiable: false };
  }

  protected override updateGroup(g: ParamGroup<SGDOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = g;
    for (const param of g.params) {
      if (param.grad === null) continue;
      const state = this.state.get(param);
      let buf = state?.momentum_buffer ?? null;
      // From the second step on (the momentum buffer exists), the device's fused kernel when it has one.
      if (momentum !== 0 && buf !== null && param.grad.device === param.device && param.grad.dtype === param.dtype) {
        const kernel = fusedKernel(param.device, 'sgd');
        if (kernel?.({ param, grad: param.grad, momentumBuffer: buf, lr, momentum, dampening, weightDecay, nesterov, maximize })) {
          param.storage.version++; // in-place writes, as the op-by-op path's
          buf.storage.version++;
          continue;
        }
      }
      let dP = maximize ? param.grad.neg() : param.grad;
      if (weightDecay !== 0) dP = dP.add(param, { alpha: weightDecay });
      if (momentum !== 0) {
        if (buf === null) buf = dP.clone().detach();
        else buf.mul_(momentum).add_(dP, { alpha: 1 - dampening });
        dP = nesterov ? dP.add(buf, { alpha: momentum }) : buf;
      }
      param.add_(dP, { alpha: -lr });
      if (state) state.momentum_buffer = buf;
      else this.state.set(param, { momentum_buffer: buf });
    }
  }
}
