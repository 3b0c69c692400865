// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, param *= 1 - lr * weightDecay
// before the Adam update (default weightDecay 1e-2).
import { Optimizer, type ParamGroup, type Params } from './optimizer';
import { adamStepGroup, type AdamState } from './adam-update';
import { checkAdamGroup, type AdamOptions } from './adam';

export type AdamWOptions = AdamOptions;

export class AdamW extends Optimizer<AdamWOptions, AdamState> {
  constructor(params: Params<AdamWOptions>, options: Partial<AdamWOptions> = {}) {
    super(params, {
      lr: options.lr ?? 1e-3,
      betas: options.betas ?? [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 1e-2,
      amsgrad: options.amsgrad ?? false,
      maximize: options.maximize ?? false,
    });
  }

  protected override validateGroup(g: ParamGroup<AdamWOptions>): void {
    checkAdamGroup('AdamW', g);
  }

  protected override torchOnlyOptions(): Record<string, unknown> {
    return { foreach: null, capturable: false };
  }

  protected override updateGroup(g: ParamGroup<AdamWOptions>): void {
    adamStepGroup(this.state, g.params, g, true);
  }
}
