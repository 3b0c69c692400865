// StepLR: multiplies each group's lr by gamma every stepSize epochs.
import { bindArgs, defineSignature } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { powInt } from '../pow';
import { LRScheduler, type SchedulerOptions } from './lr-scheduler';

const STEPLR_SIG = defineSignature(
  'optim.lrScheduler.StepLR(optimizer: Optimizer, stepSize: number, gamma: number = 0.1, lastEpoch: number = -1, verbose: boolean = false)',
  { doc: 'Multiplies the lr by gamma every stepSize epochs.' },
);

type StepLRBound = { optimizer: Optimizer; stepSize: number; lastEpoch: number; verbose: boolean; gamma: number; etaMin: number };

/** StepLR's options: `gamma` and the common ones. */
export interface StepLROptions extends SchedulerOptions {
  /** Multiplicative factor of the decay (default 0.1). */
  gamma?: number;
}

/** Multiplies the learning rate by gamma every stepSize epochs (PyTorch's `StepLR`). */
export class StepLR extends LRScheduler {
  /** Epochs between reductions (PyTorch's `step_size`). */
  stepSize: number;
  /** The factor at each reduction. */
  gamma: number;

  constructor(optimizer: Optimizer, stepSize: number, options?: StepLROptions);
  constructor(optimizer: Optimizer, options: StepLROptions & { stepSize: number });
  constructor(...args: unknown[]) {
    const { optimizer, stepSize: value, ...o } = bindArgs<StepLRBound>(STEPLR_SIG, args);
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
