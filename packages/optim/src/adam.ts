// Adam (Kingma & Ba) with L2 weight decay added to the gradient, amsgrad and maximize.
import { Optimizer, type ParamGroup, type Params } from './optimizer';
import { adamStepGroup, type AdamState } from './adam-update';
import * as check from './validate';

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

export class Adam extends Optimizer<AdamOptions, AdamState> {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, {
      lr: options.lr ?? 1e-3,
      betas: options.betas ?? [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      amsgrad: options.amsgrad ?? false,
      maximize: options.maximize ?? false,
    });
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
