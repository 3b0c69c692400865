// CosineAnnealingWarmRestarts (SGDR): cosine annealing from the base lr to etaMin over T_i epochs,
// then a restart, with T_i multiplied by TMult after each restart. PyTorch's step() is its own: it
// takes fractional epochs, and does not count steps (its state dict keeps _step_count at 0).
import { bindArgs, defineSignature } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { cos } from '../libm';
import { LRScheduler } from './lr-scheduler';

const COSINE_WARM_RESTARTS = defineSignature(
  'optim.lrScheduler.CosineAnnealingWarmRestarts(optimizer: Optimizer, T0: number, TMult: number = 1, etaMin: number = 0, lastEpoch: number = -1, verbose: boolean = false)',
  { doc: 'Cosine annealing with warm restarts every T_i epochs (T_0, then times TMult).' },
);

/** CosineAnnealingWarmRestarts's keyword arguments. */
export interface CosineAnnealingWarmRestartsOptions {
  TMult?: number;
  etaMin?: number;
  lastEpoch?: number;
  verbose?: boolean;
}

/** Cosine annealing with warm restarts (SGDR; torch.optim.lr_scheduler.CosineAnnealingWarmRestarts). */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  /** PyTorch's T_0: the epochs before the first restart. */
  T0: number;
  /** PyTorch's T_i: the length of the current cycle. */
  Ti: number;
  /** PyTorch's T_mult: the factor by which each cycle grows. */
  TMult: number;
  /** The minimum learning rate. */
  etaMin: number;
  /** Epochs since the last restart (may be fractional). */
  TCur: number;

  constructor(optimizer: Optimizer, T0: number, TMult?: number, etaMin?: number, lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, T0: number, options: CosineAnnealingWarmRestartsOptions);
  constructor(optimizer: Optimizer, options: CosineAnnealingWarmRestartsOptions & { T0: number });
  constructor(options: CosineAnnealingWarmRestartsOptions & { optimizer: Optimizer; T0: number });
  constructor(...args: unknown[]) {
    const a = bindArgs<Required<CosineAnnealingWarmRestartsOptions> & { optimizer: Optimizer; T0: number }>(COSINE_WARM_RESTARTS, args);
    if (!Number.isInteger(a.T0) || a.T0 <= 0) throw new RangeError(`CosineAnnealingWarmRestarts: Expected positive integer T_0 (T0), but got ${a.T0}`);
    if (!Number.isInteger(a.TMult) || a.TMult < 1) throw new RangeError(`CosineAnnealingWarmRestarts: Expected integer T_mult (TMult) >= 1, but got ${a.TMult}`);
    super(a.optimizer, a.lastEpoch, a.verbose);
    this.T0 = a.T0;
    this.Ti = a.T0;
    this.TMult = a.TMult;
    this.etaMin = a.etaMin;
    this.TCur = a.lastEpoch;
    this.initialStep();
  }

  protected override stateNames(): Record<string, string> {
    return { T0: 'T_0', Ti: 'T_i' };
  }

  getLr(): number[] {
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * (1 + cos((Math.PI * this.TCur) / this.Ti))) / 2);
  }

  /** One epoch on, or to `epoch` (fractional epochs allowed: `scheduler.step(epoch + i / iters)`). */
  override step(epoch?: number): void {
    let e = epoch;
    if (e === undefined && this.lastEpoch < 0) e = 0;
    if (e === undefined) {
      e = this.lastEpoch + 1;
      this.TCur += 1;
      if (this.TCur >= this.Ti) {
        this.TCur -= this.Ti;
        this.Ti *= this.TMult;
      }
    } else {
      if (!(e >= 0)) throw new RangeError(`CosineAnnealingWarmRestarts: Expected non-negative epoch, but got ${e}`);
      if (e >= this.T0) {
        if (this.TMult === 1) this.TCur = e % this.T0;
        else {
          const n = Math.trunc(Math.log((e / this.T0) * (this.TMult - 1) + 1) / Math.log(this.TMult));
          this.TCur = e - (this.T0 * (this.TMult ** n - 1)) / (this.TMult - 1);
          this.Ti = this.T0 * this.TMult ** n;
        }
      } else {
        this.Ti = this.T0;
        this.TCur = e;
      }
    }
    this.lastEpoch = Math.floor(e);
    this._getLrCalledWithinStep = true;
    let values: number[];
    try {
      values = this.getLr();
    } finally {
      this._getLrCalledWithinStep = false;
    }
    this.setLrs(values, e);
  }
}
