// Adam (Kingma & Ba) with L2 weight decay added to the gradient, amsgrad and maximize.
import { defineSignature } from '@x/tensor';
import { Optimizer, type ParamGroup } from './optimizer';
import { bindOptimizer, type OptimizerArgs } from './bind-optimizer';

const ADAM_SIG = defineSignature(
  'optim.Adam(params: Params, lr: number = 0.001, betas: [number, number] = [0.9, 0.999], eps: number = 1e-8, weightDecay: number = 0, amsgrad: boolean = false, *, foreach: boolean | null = null, maximize: boolean = false, capturable: boolean = false, differentiable: boolean = false, fused: boolean = false)',
  { doc: 'Adam, with L2 weight decay, amsgrad and maximize.' },
);
import { adamStepGroup, type AdamState } from './adam-update';
import * as check from './validate';

/** Adam's hyperparameters: `lr`, `betas`, `eps`, `weightDecay`, `amsgrad`, `maximize` (PyTorch's in camelCase). */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the first and second moment averages (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** The AMSGrad variant (default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

export type { AdamState } from './adam-update';

export function checkAdamGroup(owner: string, g: ParamGroup<AdamOptions>): void {
  check.lr(owner, g.lr);
  check.eps(owner, g.eps);
  check.betas(owner, g.betas);
  check.weightDecay(owner, g.weightDecay);
  check.flag(owner, 'amsgrad', g.amsgrad);
  check.flag(owner, 'maximize', g.maximize);
}

/** The Adam optimizer (PyTorch's `optim.Adam`). */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  /** `new optim.Adam(params, { ... })`, its options by position after params, or all by name with `params`. */
  constructor(...args: OptimizerArgs<AdamOptions>) {
    const { params, defaults } = bindOptimizer<AdamOptions>('Adam', ADAM_SIG, args);
    super(params, defaults);
  }

  protected override validateGroup(g: ParamGroup<AdamOptions>): void {
    checkAdamGroup('Adam', g);
  }

  protected override torchOnlyOptions(): Record<string, unknown> {
    return { foreach: null, capturable: false, differentiable: false, fused: false };
  }

  protected override updateGroup(g: ParamGroup<AdamOptions>): void {
    adamStepGroup(this.state, g.params, g, false);
  }
}
