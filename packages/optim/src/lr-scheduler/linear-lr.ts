// LinearLR: the lr's factor moves linearly from startFactor to endFactor over totalIters epochs.
import { bindArgs, defineSignature } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr-scheduler';

const LINEAR_LR = defineSignature(
  'optim.lrScheduler.LinearLR(optimizer: Optimizer, startFactor: number = 0.3333333333333333, endFactor: number = 1.0, totalIters: number = 5, lastEpoch: number = -1, verbose: boolean = false)',
  { doc: "Moves the lr's factor linearly from startFactor to endFactor over totalIters epochs." },
);

/** LinearLR's keyword arguments. */
export interface LinearLROptions {
  startFactor?: number;
  endFactor?: number;
  totalIters?: number;
  lastEpoch?: number;
  verbose?: boolean;
}

/** Scales the learning rate linearly from startFactor to endFactor over totalIters epochs (torch.optim.lr_scheduler.LinearLR). */
export class LinearLR extends LRScheduler {
  /** The multiplier at epoch 0. */
  startFactor: number;
  /** The multiplier from totalIters on. */
  endFactor: number;
  /** Epochs over which the multiplier moves. */
  totalIters: number;

  constructor(optimizer: Optimizer, startFactor?: number, endFactor?: number, totalIters?: number, lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, options: LinearLROptions);
  constructor(options: LinearLROptions & { optimizer: Optimizer });
  constructor(...args: unknown[]) {
    const a = bindArgs<Required<LinearLROptions> & { optimizer: Optimizer }>(LINEAR_LR, args);
    if (a.startFactor > 1.0 || a.startFactor < 0) throw new RangeError(`LinearLR: Starting multiplicative factor expected to be between 0 and 1 (got startFactor ${a.startFactor}).`);
    if (a.endFactor > 1.0 || a.endFactor < 0) throw new RangeError(`LinearLR: Ending multiplicative factor expected to be between 0 and 1 (got endFactor ${a.endFactor}).`);
    super(a.optimizer, a.lastEpoch, a.verbose);
    this.startFactor = a.startFactor;
    this.endFactor = a.endFactor;
    this.totalIters = a.totalIters;
    this.initialStep();
  }

  getLr(): number[] {
    const { lastEpoch: e, startFactor: s, endFactor: f, totalIters: T } = this;
    if (e === 0) return this.groups.map((g) => g.lr * s);
    if (e > T) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1 + (f - s) / (T * s + (e - 1) * (f - s))));
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: e, startFactor: s, endFactor: f, totalIters: T } = this;
    return this.baseLrs.map((base) => base * (s + ((f - s) * Math.min(T, e)) / T));
  }
}
