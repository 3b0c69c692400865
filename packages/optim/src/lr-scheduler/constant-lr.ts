// ConstantLR: the lr is multiplied by `factor` until epoch `totalIters`, then restored.
import { bindArgs, defineSignature } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr-scheduler';

const CONSTANT_LR = defineSignature(
  'optim.lrScheduler.ConstantLR(optimizer: Optimizer, factor: number = 0.3333333333333333, totalIters: number = 5, lastEpoch: number = -1, verbose: boolean = false)',
  { doc: 'Multiplies the lr by factor until totalIters epochs have passed.' },
);

/** ConstantLR's keyword arguments. */
export interface ConstantLROptions {
  factor?: number;
  totalIters?: number;
  lastEpoch?: number;
  verbose?: boolean;
}

/** Multiplies the learning rate by factor until totalIters epochs have passed (torch.optim.lr_scheduler.ConstantLR). */
export class ConstantLR extends LRScheduler {
  /** The multiplier applied until totalIters. */
  factor: number;
  /** Epochs during which the factor applies. */
  totalIters: number;

  constructor(optimizer: Optimizer, factor?: number, totalIters?: number, lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, options: ConstantLROptions);
  constructor(options: ConstantLROptions & { optimizer: Optimizer });
  constructor(...args: unknown[]) {
    const a = bindArgs<Required<ConstantLROptions> & { optimizer: Optimizer }>(CONSTANT_LR, args);
    if (a.factor > 1.0 || a.factor < 0) throw new RangeError(`ConstantLR: Constant multiplicative factor expected to be between 0 and 1 (got factor ${a.factor}).`);
    super(a.optimizer, a.lastEpoch, a.verbose);
    this.factor = a.factor;
    this.totalIters = a.totalIters;
    this.initialStep();
  }

  getLr(): number[] {
    const e = this.lastEpoch;
    if (e === 0) return this.groups.map((g) => g.lr * this.factor);
    if (e !== this.totalIters) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1.0 / this.factor));
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * (this.factor + (this.lastEpoch >= this.totalIters ? 1 : 0) * (1 - this.factor)));
  }
}
