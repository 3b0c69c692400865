// ReduceLROnPlateau: cuts the lr by `factor` when a metric has stopped improving for `patience`
// epochs (PyTorch 1.13's, which is not an LRScheduler subclass; getLastLr() is @x's addition).
import { bindArgs, canReadSync, defineSignature, isTensor, type Tensor } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { formatExp4 } from '../format';
import { toCamel, toSnake } from '../keys';
import { checkOptimizer, copy, type SchedulerStateDict } from './lr-scheduler';

/** ReduceLROnPlateau's options: `mode`, `factor`, `patience`, `threshold`, `thresholdMode`, `cooldown`, `minLr`, `eps`, `verbose`. */
export interface ReduceLROnPlateauOptions {
  /** 'min': reduce when the metric stops decreasing; 'max': when it stops increasing (default 'min'). */
  mode?: 'min' | 'max';
  /** new lr = lr * factor (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement to wait before reducing (default 10). */
  patience?: number;
  /** The least change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel': relative to the best value; 'abs': absolute (default 'rel'). */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** A lower bound on the lr, one for all groups or one per group (default 0). */
  minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
  /** Print each reduction (default false). */
  verbose?: boolean;
}

/** Infinity travels through JSON as a string; PyTorch's state dict holds float('inf'). */
function finiteOrInf(v: unknown): unknown {
  if (v === 'inf' || v === 'Infinity') return Infinity;
  if (v === '-inf' || v === '-Infinity') return -Infinity;
  return v;
}

const REDUCE_LR_ON_PLATEAU = defineSignature(
  "optim.lrScheduler.ReduceLROnPlateau(optimizer: Optimizer, mode: 'min' | 'max' = 'min', factor: number = 0.1, patience: number = 10, threshold: number = 1e-4, thresholdMode: 'rel' | 'abs' = 'rel', cooldown: number = 0, minLr: number | number[] = 0, eps: number = 1e-8, verbose: boolean = false)",
  { doc: 'Cuts the lr by factor when a metric has stopped improving for patience epochs.' },
);

/** Lowers the learning rate when a metric stops improving (PyTorch's `ReduceLROnPlateau`): call `step(metric)`. */
export class ReduceLROnPlateau {
  /** The optimizer whose learning rates are set. */
  readonly optimizer: Optimizer;
  /** The factor a reduction multiplies the learning rate by. */
  factor: number;
  /** The lowest learning rate of each group (PyTorch's `min_lrs`). */
  minLrs: number[];
  /** Epochs without improvement tolerated before a reduction. */
  patience: number;
  /** Whether each reduction is printed. */
  verbose: boolean;
  /** Epochs to wait after a reduction before counting bad epochs again. */
  cooldown: number;
  /** Epochs of cooldown left (PyTorch's `cooldown_counter`). */
  cooldownCounter = 0;
  /** `'min'`: lower is better; `'max'`: higher is better. */
  mode: 'min' | 'max';
  /** The least change that counts as an improvement. */
  threshold: number;
  /** `'rel'`: threshold relative to the best; `'abs'`: absolute. */
  thresholdMode: 'rel' | 'abs';
  /** The best metric so far (Infinity or -Infinity before the first step). */
  best: number;
  /** Epochs since the last improvement (PyTorch's `num_bad_epochs`). */
  numBadEpochs = 0;
  /** The worst value for mode (∞ for 'min', −∞ for 'max'; PyTorch's `mode_worse`). */
  modeWorse: number;
  /** Reductions smaller than this are skipped. */
  eps: number;
  /** The number of step() calls so far (PyTorch's `last_epoch`). */
  lastEpoch = 0;
  protected _lastLr: number[];

  /** `new ReduceLROnPlateau(opt, 'min', { patience: 5, factor: 0.5 })`, or every option by name. */
  constructor(optimizer: Optimizer, mode?: 'min' | 'max', factor?: number, patience?: number, threshold?: number, thresholdMode?: 'rel' | 'abs', cooldown?: number, minLr?: number | readonly number[], eps?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, mode: 'min' | 'max', options: Omit<ReduceLROnPlateauOptions, 'mode'>);
  constructor(optimizer: Optimizer, options?: ReduceLROnPlateauOptions);
  constructor(options: ReduceLROnPlateauOptions & { optimizer: Optimizer });
  constructor(...args: unknown[]) {
    const { optimizer, ...options } = bindArgs<Required<ReduceLROnPlateauOptions> & { optimizer: Optimizer }>(REDUCE_LR_ON_PLATEAU, args);
    const factor = options.factor;
    if (!(factor < 1)) throw new RangeError(`ReduceLROnPlateau: Factor should be < 1.0. (got factor ${factor})`);
    this.factor = factor;
    this.optimizer = checkOptimizer('ReduceLROnPlateau', optimizer);
    const n = optimizer.paramGroups.length;
    const minLr = options.minLr ?? 0;
    if (typeof minLr === 'number') {
      this.minLrs = Array.from({ length: n }, () => minLr);
    } else {
      if (minLr.length !== n) throw new RangeError(`ReduceLROnPlateau: expected ${n} min_lrs, got ${minLr.length} (one minLr per parameter group)`);
      this.minLrs = [...minLr];
    }
    this.patience = options.patience ?? 10;
    this.verbose = options.verbose ?? false;
    this.cooldown = options.cooldown ?? 0;
    this.mode = options.mode ?? 'min';
    this.threshold = options.threshold ?? 1e-4;
    this.thresholdMode = options.thresholdMode ?? 'rel';
    this.eps = options.eps ?? 1e-8;
    this.modeWorse = this.initIsBetter();
    this.best = this.modeWorse;
    this._lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  private initIsBetter(): number {
    if (this.mode !== 'min' && this.mode !== 'max') throw new RangeError(`ReduceLROnPlateau: mode ${String(this.mode)} is unknown! (use 'min' or 'max')`);
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') {
      throw new RangeError(`ReduceLROnPlateau: threshold mode ${String(this.thresholdMode)} is unknown! (use 'rel' or 'abs')`);
    }
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  /** Whether a cooldown is running (PyTorch's `in_cooldown`). */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Whether `a` improves on `best` under mode, threshold and thresholdMode (PyTorch's `is_better`). */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  /**
   * `step` with a metric on any device: a tensor is read with an await (`await scheduler.stepAsync(loss)`
   * on WebGPU), a number is taken as it is.
   */
  async stepAsync(metrics: number | Tensor): Promise<void> {
    this.step(isTensor(metrics) ? Number(await metrics.item()) : metrics);
  }

  /**
   * Records this epoch's metric (a number, or a 0-d tensor read on the CPU: on another device use
   * `await scheduler.stepAsync(loss)`), and reduces the lrs when it has not improved for more than
   * `patience` epochs.
   */
  step(metrics: number | Tensor): void {
    if (isTensor(metrics) && !canReadSync(metrics.device)) {
      throw new Error(`ReduceLROnPlateau.step: the metric is on device '${metrics.device}', which cannot be read synchronously; use await scheduler.stepAsync(metric)`);
    }
    const current = isTensor(metrics) ? Number(metrics.itemSync()) : Number(metrics);
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs in cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr(this.lastEpoch);
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private reduceLr(epoch: number): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const oldLr = Number(group.lr);
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]!);
      if (oldLr - newLr > this.eps) {
        group.lr = newLr;
        if (this.verbose) console.log(`Epoch ${String(epoch).padStart(5, '0')}: reducing learning rate of group ${i} to ${formatExp4(newLr)}.`);
      }
    });
  }

  /** The groups' lrs after the last step (before any step: their current lrs). */
  getLastLr(): number[] {
    return [...this._lastLr];
  }

  /** Every field but the optimizer, under PyTorch's names (`best`, `num_bad_epochs`, `min_lrs`...). */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [key, value] of Object.entries(this)) if (key !== 'optimizer') out[toSnake(key)] = copy(value);
    return out;
  }

  /** Restores the state that stateDict() returned (PyTorch's `load_state_dict`). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    for (const [key, value] of Object.entries(stateDict)) {
      const name = toCamel(key);
      if (name !== 'optimizer' && Object.hasOwn(this, name)) (this as Record<string, unknown>)[name] = finiteOrInf(copy(value));
    }
    this.modeWorse = this.initIsBetter();
  }
}
