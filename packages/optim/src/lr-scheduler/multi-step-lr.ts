// MultiStepLR: multiplies each group's lr by gamma at each milestone (by gamma^k for a milestone
// listed k times).
import { bindArgs, defineSignature } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { powInt } from '../pow';
import { LRScheduler, type SchedulerOptions } from './lr-scheduler';

const MULTISTEPLR_SIG = defineSignature(
  'optim.lrScheduler.MultiStepLR(optimizer: Optimizer, milestones: number[], gamma: number = 0.1, lastEpoch: number = -1, verbose: boolean = false)',
  { doc: 'Multiplies the lr by gamma at each milestone.' },
);

type MultiStepLRBound = { optimizer: Optimizer; milestones: readonly number[]; lastEpoch: number; verbose: boolean; gamma: number; etaMin: number };

/** MultiStepLR's options: `gamma` and the common ones. */
export interface MultiStepLROptions extends SchedulerOptions {
  /** Multiplicative factor of the decay (default 0.1). */
  gamma?: number;
}

/** Multiplies the learning rate by gamma at each milestone epoch (PyTorch's `MultiStepLR`). */
export class MultiStepLR extends LRScheduler {
  /** Milestone → how many times it was listed (PyTorch's Counter). */
  milestones: Record<number, number>;
  /** The factor at each milestone. */
  gamma: number;

  constructor(optimizer: Optimizer, milestones: readonly number[], options?: MultiStepLROptions);
  constructor(optimizer: Optimizer, options: MultiStepLROptions & { milestones: readonly number[] });
  constructor(...args: unknown[]) {
    const { optimizer, milestones: value, ...o } = bindArgs<MultiStepLRBound>(MULTISTEPLR_SIG, args);
    for (const m of value) {
      if (!Number.isInteger(m)) throw new TypeError(`MultiStepLR: milestones must be integers (epoch indices), got ${JSON.stringify(value)}`);
    }
    super(optimizer, o.lastEpoch ?? -1, o.verbose ?? false);
    this.milestones = {};
    for (const m of value) this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    this.gamma = o.gamma ?? 0.1;
    this.initialStep();
  }

  getLr(): number[] {
    const count = Object.hasOwn(this.milestones, String(this.lastEpoch)) ? this.milestones[this.lastEpoch]! : 0;
    if (count === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * powInt(this.gamma, count));
  }

  protected override closedFormLr(): number[] {
    // PyTorch's bisect_right over the sorted milestones, each as often as it was listed
    let passed = 0;
    for (const [m, n] of Object.entries(this.milestones)) if (Number(m) <= this.lastEpoch) passed += n;
    return this.baseLrs.map((base) => base * powInt(this.gamma, passed));
  }
}
