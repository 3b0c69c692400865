// The lr scheduler base (PyTorch's _LRScheduler / LRScheduler): base lrs from the groups'
// initialLr, lastEpoch, the initial step done on construction, getLastLr and state dicts.
//
// PyTorch's subclasses set their fields before calling the base constructor, which then runs the
// initial step. A TypeScript subclass cannot, so it calls `this.initialStep()` at the end of its own
// constructor instead; do the same in a scheduler of your own.
import { bindArgs, defineSignature } from '@x/tensor';
import { isOptimizer, type Optimizer, type ParamGroup } from '../optimizer';
import { formatExp4 } from '../format';
import { toCamel, toSnake } from '../keys';

/** The options every scheduler takes: `lastEpoch` and `verbose`. */
export interface SchedulerOptions {
  /** The index of the last epoch, to resume a schedule (default -1: start anew). */
  lastEpoch?: number;
  /** Print each lr change, as PyTorch's verbose=True (default false). */
  verbose?: boolean;
}

/** A scheduler's state: its fields under PyTorch's names (`last_epoch`, `base_lrs`, `_step_count`...). */
export type SchedulerStateDict = Record<string, unknown>;

let warnedOrder = false;

export function checkOptimizer(owner: string, optimizer: unknown): Optimizer {
  if (!isOptimizer(optimizer)) {
    const name = optimizer !== null && typeof optimizer === 'object' ? optimizer.constructor.name : typeof optimizer;
    throw new TypeError(`${owner}: ${name} is not an Optimizer; pass the optimizer whose lr to schedule, e.g. new ${owner}(optimizer, ...)`);
  }
  return optimizer;
}

const LR_SCHEDULER = defineSignature('optim.lrScheduler.LRScheduler(optimizer: Optimizer, lastEpoch: number = -1, verbose: boolean = false)', {
  doc: 'The base of the lr schedulers (PyTorch\'s _LRScheduler).',
});

/** The base of the epoch-based schedulers (PyTorch's `LRScheduler`): `step()`, `getLastLr()`, state dicts. */
export abstract class LRScheduler {
  /** The optimizer whose learning rates are set. */
  readonly optimizer: Optimizer;
  /** Each group's lr at the start of the schedule (its initialLr). */
  baseLrs: number[];
  /** The epoch of the last step (-1 before the constructor's initial step). */
  lastEpoch: number;
  /** Whether each update is printed. */
  verbose: boolean;
  protected _stepCount = 0;
  protected _getLrCalledWithinStep = false;
  protected _lastLr: number[] = [];

  /** `super(optimizer)` (or with lastEpoch and verbose, by position or name) in a scheduler of your own. */
  constructor(optimizer: Optimizer, lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, options: SchedulerOptions);
  constructor(...args: unknown[]) {
    const { optimizer, lastEpoch, verbose } = bindArgs<{ optimizer: Optimizer; lastEpoch: number; verbose: boolean }>(LR_SCHEDULER, args);
    this.optimizer = checkOptimizer(this.constructor.name, optimizer);
    const groups = optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const group of groups) if (!('initialLr' in group)) group.initialLr = group.lr;
    } else {
      groups.forEach((group, i) => {
        if (!('initialLr' in group)) {
          throw new RangeError(
            `${this.constructor.name}: param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer; ` +
              `load the optimizer's saved stateDict() first, or set paramGroups[${i}].initialLr`,
          );
        }
      });
    }
    this.baseLrs = groups.map((g) => g.initialLr!);
    this.lastEpoch = lastEpoch;
    this.verbose = verbose;
  }

  /** The lrs for `lastEpoch`, from the current ones (PyTorch's chainable form). Called by step(). */
  abstract getLr(): number[];

  /**
   * The lrs for `lastEpoch` from the base lrs alone (PyTorch's `_get_closed_form_lr`), which
   * step(epoch) uses; null where the scheduler has none (step(epoch) then calls getLr()).
   */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /** PyTorch's _initial_step: subclasses call it last in their constructor. */
  protected initialStep(): void {
    this.optimizer._stepCount = 0;
    this._stepCount = 0;
    this.step();
  }

  /**
   * Advances one epoch and sets each group's lr. Call it after optimizer.step(). `step(epoch)` jumps
   * to that epoch with the closed form, as PyTorch's deprecated form does (SequentialLR uses it).
   */
  step(epoch?: number): void {
    if (this._stepCount === 1 && this.optimizer._stepCount < 1 && !warnedOrder) {
      warnedOrder = true;
      console.warn(
        'Detected call of `lrScheduler.step()` before `optimizer.step()`. Call them in the order ' +
          '`optimizer.step()` then `scheduler.step()`; otherwise the first value of the schedule is skipped (as in PyTorch).',
      );
    }
    this._stepCount += 1;
    this._getLrCalledWithinStep = true;
    let values: number[];
    try {
      if (epoch === undefined) {
        this.lastEpoch += 1;
        values = this.getLr();
      } else {
        if (!Number.isFinite(epoch)) throw new TypeError(`${this.constructor.name}.step(epoch): epoch must be a number, got ${String(epoch)}`);
        this.lastEpoch = epoch;
        values = this.closedFormLr() ?? this.getLr();
      }
    } finally {
      this._getLrCalledWithinStep = false;
    }
    this.setLrs(values, epoch);
  }

  /** Sets each group's lr (printing it with verbose, as PyTorch's print_lr) and records them as the last lrs. */
  protected setLrs(values: readonly number[], epoch?: number): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i]!;
      if (this.verbose) {
        // PyTorch's print_lr: the epoch as '%.5d' (or '%.2f' for a fractional one)
        const at = epoch === undefined ? '' : `Epoch ${Number.isInteger(epoch) ? String(epoch).padStart(5, '0') : epoch.toFixed(2)}: a`;
        console.log(`${at || 'A'}djusting learning rate of group ${i} to ${formatExp4(group.lr)}.`);
      }
    });
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lrs set by the last step(), one per parameter group. */
  getLastLr(): number[] {
    return [...this._lastLr];
  }

  protected get groups(): ParamGroup[] {
    return this.optimizer.paramGroups;
  }

  /** Fields that stateDict() leaves out (functions, the optimizer). */
  protected notState(): string[] {
    return ['optimizer'];
  }

  /** Field → PyTorch name, where snake_case does not give it (`T0` → `T_0`). */
  protected stateNames(): Record<string, string> {
    return {};
  }

  /** Every field but the optimizer, under PyTorch's names: equal to PyTorch's scheduler.state_dict(). */
  stateDict(): SchedulerStateDict {
    const skip = new Set(this.notState());
    const names = this.stateNames();
    const out: SchedulerStateDict = {};
    for (const [key, value] of Object.entries(this)) {
      if (!skip.has(key)) out[names[key] ?? toSnake(key)] = copy(value);
    }
    return out;
  }

  /** Restores the fields saved by stateDict() (with the optimizer's own loadStateDict, resumes a run). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const skip = new Set(this.notState());
    const fields = new Map(Object.entries(this.stateNames()).map(([field, torchName]) => [torchName, field]));
    for (const [key, value] of Object.entries(stateDict)) {
      const name = fields.get(key) ?? toCamel(key);
      if (!skip.has(name) && Object.hasOwn(this, name)) (this as Record<string, unknown>)[name] = copy(value);
    }
  }
}

/** Arrays and plain objects copied, so that a state dict does not alias the scheduler. */
export function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  return value;
}
