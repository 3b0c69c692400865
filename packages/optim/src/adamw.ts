// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, param *= 1 - lr * weightDecay
// before the Adam update (default weightDecay 1e-2).
import { defineSignature } from '@x/tensor';
import { Optimizer, type ParamGroup } from './optimizer';
import { bindOptimizer, type OptimizerArgs } from './bind-optimizer';

const ADAMW_SIG = defineSignature(
  'optim.AdamW(params: Params, lr: number = 0.001, betas: [number, number] = [0.9, 0.999], eps: number = 1e-8, weightDecay: number = 0.01, amsgrad: boolean = false, *, maximize: boolean = false, foreach: boolean | null = null, capturable: boolean = false)',
  { doc: 'Adam with decoupled weight decay.' },
);
import { adamStepGroup, type AdamState } from './adam-update';
import { checkAdamGroup, type AdamOptions } from './adam';

/** AdamW's hyperparameters: Adam's, with decoupled `weightDecay` (default 0.01). */
export type AdamWOptions = AdamOptions;

/** Adam with decoupled weight decay (PyTorch's `optim.AdamW`). */
export class AdamW extends Optimizer<AdamWOptions, AdamState> {
  /** `new optim.AdamW(params, { ... })`, its options by position after params, or all by name with `params`. */
  constructor(...args: OptimizerArgs<AdamWOptions>) {
    const { params, defaults } = bindOptimizer<AdamWOptions>('AdamW', ADAMW_SIG, args);
    super(params, defaults);
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
