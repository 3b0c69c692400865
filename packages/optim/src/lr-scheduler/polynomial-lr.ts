// PolynomialLR: the lr decays as (1 - epoch / totalIters) ** power, reaching 0 at totalIters.
import { bindArgs, defineSignature } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { pow } from '../libm';
import { LRScheduler } from './lr-scheduler';

const POLYNOMIAL_LR = defineSignature(
  'optim.lrScheduler.PolynomialLR(optimizer: Optimizer, totalIters: number = 5, power: number = 1.0, lastEpoch: number = -1, verbose: boolean = false)',
  { doc: 'Decays the lr as (1 - epoch / totalIters) ** power.' },
);

/** PolynomialLR's keyword arguments. */
export interface PolynomialLROptions {
  totalIters?: number;
  power?: number;
  lastEpoch?: number;
  verbose?: boolean;
}

/** Decays the learning rate by a polynomial of the given power to zero over totalIters epochs (torch.optim.lr_scheduler.PolynomialLR). */
export class PolynomialLR extends LRScheduler {
  /** Epochs until the learning rate reaches zero. */
  totalIters: number;
  /** The power of the polynomial. */
  power: number;

  constructor(optimizer: Optimizer, totalIters?: number, power?: number, lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, options: PolynomialLROptions);
  constructor(options: PolynomialLROptions & { optimizer: Optimizer });
  constructor(...args: unknown[]) {
    const a = bindArgs<Required<PolynomialLROptions> & { optimizer: Optimizer }>(POLYNOMIAL_LR, args);
    super(a.optimizer, a.lastEpoch, a.verbose);
    this.totalIters = a.totalIters;
    this.power = a.power;
    this.initialStep();
  }

  getLr(): number[] {
    const { lastEpoch: e, totalIters: T } = this;
    if (e === 0 || e > T) return this.groups.map((g) => g.lr);
    const decay = pow((1.0 - e / T) / (1.0 - (e - 1) / T), this.power);
    return this.groups.map((g) => g.lr * decay);
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: e, totalIters: T } = this;
    return this.baseLrs.map((base) => base * pow(1.0 - Math.min(T, e) / T, this.power));
  }
}
