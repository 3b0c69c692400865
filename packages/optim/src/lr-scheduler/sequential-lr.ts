// SequentialLR: runs schedulers one after another, switching at the milestones (PyTorch 1.13's,
// which resets the lrs and replays the first scheduler's initial step, and starts each later one
// with step(0), its closed form at epoch 0).
import { bindArgs, defineSignature } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { copy, LRScheduler, type SchedulerStateDict } from './lr-scheduler';

const SEQUENTIAL_LR = defineSignature(
  'optim.lrScheduler.SequentialLR(optimizer: Optimizer, schedulers: LRScheduler[], milestones: number[], lastEpoch: number = -1, verbose: boolean = false)',
  { doc: 'Runs schedulers one after another, switching at the milestones.' },
);

/** SequentialLR's keyword arguments. */
export interface SequentialLROptions {
  lastEpoch?: number;
  verbose?: boolean;
}

/** The milestone count up to `epoch`: Python's bisect_right. */
function bisectRight(sorted: readonly number[], x: number): number {
  let i = 0;
  while (i < sorted.length && sorted[i]! <= x) i++;
  return i;
}

/** Runs schedulers one after another, switching at the milestones (torch.optim.lr_scheduler.SequentialLR). */
export class SequentialLR extends LRScheduler {
  _schedulers: LRScheduler[];
  _milestones: number[];

  constructor(optimizer: Optimizer, schedulers: readonly LRScheduler[], milestones: readonly number[], lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, schedulers: readonly LRScheduler[], milestones: readonly number[], options: SequentialLROptions);
  constructor(optimizer: Optimizer, options: SequentialLROptions & { schedulers: readonly LRScheduler[]; milestones: readonly number[] });
  constructor(options: SequentialLROptions & { optimizer: Optimizer; schedulers: readonly LRScheduler[]; milestones: readonly number[] });
  constructor(...args: unknown[]) {
    const a = bindArgs<Required<SequentialLROptions> & { optimizer: Optimizer; schedulers: LRScheduler[]; milestones: number[] }>(SEQUENTIAL_LR, args);
    if (!Array.isArray(a.schedulers) || a.schedulers.length === 0) throw new TypeError('SequentialLR: schedulers must be a non-empty array of lr schedulers');
    a.schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) throw new TypeError(`SequentialLR: schedulers[${i}] is not an lr scheduler`);
      if (s.optimizer !== a.optimizer) {
        throw new RangeError(`SequentialLR: Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`);
      }
    });
    if (!Array.isArray(a.milestones) || a.milestones.length !== a.schedulers.length - 1) {
      throw new RangeError(
        'SequentialLR: Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, ' +
          `but got number of schedulers ${a.schedulers.length} and the number of milestones to be equal to ${Array.isArray(a.milestones) ? a.milestones.length : String(a.milestones)}`,
      );
    }
    super(a.optimizer, a.lastEpoch, a.verbose);
    this._schedulers = [...a.schedulers];
    this._milestones = [...a.milestones];
    this.lastEpoch = a.lastEpoch + 1;
    for (const g of this.optimizer.paramGroups) g.lr = g.initialLr!;
    // "undo" the initial steps of the schedulers, then replay the first one's
    for (const s of this._schedulers) s.lastEpoch -= 1;
    (this._schedulers[0] as unknown as { initialStep(): void }).initialStep();
    this._lastLr = this._schedulers[0]!.getLastLr();
  }

  /** Not called: step() delegates to the scheduler of the current epoch. */
  getLr(): number[] {
    return this.getLastLr();
  }

  override step(): void {
    this.lastEpoch += 1;
    const idx = bisectRight(this._milestones, this.lastEpoch);
    const scheduler = this._schedulers[idx]!;
    if (idx > 0 && this._milestones[idx - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this._lastLr = scheduler.getLastLr();
  }

  /** PyTorch's: the milestones, last_epoch, _last_lr and each scheduler's own state dict. */
  override stateDict(): SchedulerStateDict {
    return {
      _milestones: [...this._milestones],
      last_epoch: this.lastEpoch,
      _last_lr: [...this._lastLr],
      _schedulers: this._schedulers.map((s) => s.stateDict()),
    };
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    const { _schedulers: inner, ...own } = stateDict;
    if (own['_milestones'] !== undefined) this._milestones = copy(own['_milestones']) as number[];
    if (own['last_epoch'] !== undefined) this.lastEpoch = own['last_epoch'] as number;
    if (own['_last_lr'] !== undefined) this._lastLr = copy(own['_last_lr']) as number[];
    if (Array.isArray(inner)) inner.forEach((sd, i) => this._schedulers[i]?.loadStateDict(sd as SchedulerStateDict));
  }
}
