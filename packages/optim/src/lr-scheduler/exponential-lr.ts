// ExponentialLR: multiplies each group's lr by gamma every epoch.
import type { Optimizer } from '../optimizer';
import { powInt } from '../pow';
import { LRScheduler, splitArgs, type SchedulerOptions } from './lr-scheduler';

const isNumber = (x: unknown): x is number => typeof x === 'number';

export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: Optimizer, gamma: number, options?: SchedulerOptions);
  constructor(optimizer: Optimizer, options: SchedulerOptions & { gamma: number });
  constructor(optimizer: Optimizer, gamma: number | (SchedulerOptions & { gamma: number }), options?: SchedulerOptions) {
    const { value, options: o } = splitArgs('ExponentialLR', 'gamma', gamma, options, isNumber);
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
