// StepLR: multiplies each group's lr by gamma every stepSize epochs.
import type { Optimizer } from '../optimizer';
import { powInt } from '../pow';
import { LRScheduler, splitArgs, type SchedulerOptions } from './lr-scheduler';

export interface StepLROptions extends SchedulerOptions {
  /** Multiplicative factor of the decay (default 0.1). */
  gamma?: number;
}

const isCount = (x: unknown): x is number => typeof x === 'number';

export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: Optimizer, stepSize: number, options?: StepLROptions);
  constructor(optimizer: Optimizer, options: StepLROptions & { stepSize: number });
  constructor(optimizer: Optimizer, stepSize: number | (StepLROptions & { stepSize: number }), options?: StepLROptions) {
    const { value, options: o } = splitArgs('StepLR', 'stepSize', stepSize, options, isCount);
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`StepLR: step_size (stepSize) must be a positive integer, got ${value}`);
    super(optimizer, o.lastEpoch ?? -1, o.verbose ?? false);
    this.stepSize = value;
    this.gamma = o.gamma ?? 0.1;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * powInt(this.gamma, Math.floor(this.lastEpoch / this.stepSize)));
  }
}
