// ExponentialLR: multiplies each group's lr by gamma every epoch.
import { bindArgs, defineSignature } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { powInt } from '../pow';
import { LRScheduler, type SchedulerOptions } from './lr-scheduler';

const EXPONENTIALLR_SIG = defineSignature(
  'optim.lrScheduler.ExponentialLR(optimizer: Optimizer, gamma: number, lastEpoch: number = -1, verbose: boolean = false)',
  { doc: 'Multiplies the lr by gamma every epoch.' },
);

type ExponentialLRBound = { optimizer: Optimizer; gamma: number; lastEpoch: number; verbose: boolean };

/** Multiplies the learning rate by gamma every epoch (PyTorch's `ExponentialLR`). */
export class ExponentialLR extends LRScheduler {
  /** The factor per epoch. */
  gamma: number;

  constructor(optimizer: Optimizer, gamma: number, options?: SchedulerOptions);
  constructor(optimizer: Optimizer, options: SchedulerOptions & { gamma: number });
  constructor(...args: unknown[]) {
    const { optimizer, gamma: value, ...o } = bindArgs<ExponentialLRBound>(EXPONENTIALLR_SIG, args);
    super(optimizer, o.lastEpoch ?? -1, o.verbose ?? false);
    this.gamma = value;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * powInt(this.gamma, this.lastEpoch));
  }
}
