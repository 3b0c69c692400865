// CosineAnnealingLR: PyTorch's recursive form (each lr computed from the previous one, which is
// what PyTorch's step() does), so the sequence matches PyTorch's to the last bit, also past TMax.
import { bindArgs, defineSignature } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { cos } from '../libm';
import { LRScheduler, type SchedulerOptions } from './lr-scheduler';

const COSINEANNEALINGLR_SIG = defineSignature(
  'optim.lrScheduler.CosineAnnealingLR(optimizer: Optimizer, TMax: number, etaMin: number = 0, lastEpoch: number = -1, verbose: boolean = false)',
  { doc: 'Cosine annealing from the base lr to etaMin over TMax epochs.' },
);

type CosineAnnealingLRBound = { optimizer: Optimizer; TMax: number; lastEpoch: number; verbose: boolean; gamma: number; etaMin: number };

/** CosineAnnealingLR's options: `etaMin` and the common ones. */
export interface CosineAnnealingLROptions extends SchedulerOptions {
  /** Minimum learning rate (default 0). */
  etaMin?: number;
}

/** Anneals the learning rate along a cosine from the initial lr to etaMin over tMax epochs (PyTorch's `CosineAnnealingLR`). */
export class CosineAnnealingLR extends LRScheduler {
  /** PyTorch's T_max: the half period, in epochs. */
  TMax: number;
  /** The lowest learning rate (PyTorch's `eta_min`). */
  etaMin: number;

  constructor(optimizer: Optimizer, TMax: number, options?: CosineAnnealingLROptions);
  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions & { TMax: number });
  constructor(...args: unknown[]) {
    const { optimizer, TMax: value, ...o } = bindArgs<CosineAnnealingLRBound>(COSINEANNEALINGLR_SIG, args);
    if (!(value > 0)) throw new RangeError(`CosineAnnealingLR: T_max (TMax) must be positive, got ${value}`);
    super(optimizer, o.lastEpoch ?? -1, o.verbose ?? false);
    this.TMax = value;
    this.etaMin = o.etaMin ?? 0;
    this.initialStep();
  }

  getLr(): number[] {
    const { lastEpoch: e, TMax: T, etaMin } = this;
    if (e === 0) return this.groups.map((g) => g.lr);
    if (this._stepCount === 1 && e > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + cos((e * Math.PI) / T))) / 2);
    }
    if ((e - 1 - T) % (2 * T) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - cos(Math.PI / T))) / 2);
    }
    return this.groups.map(
      (g) => ((1 + cos((Math.PI * e) / T)) / (1 + cos((Math.PI * (e - 1)) / T))) * (g.lr - etaMin) + etaMin,
    );
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: e, TMax: T, etaMin } = this;
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + cos((Math.PI * e) / T))) / 2);
  }
}
