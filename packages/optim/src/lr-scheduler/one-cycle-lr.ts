// OneCycleLR (Smith's 1cycle policy): the lr rises from maxLr / divFactor to maxLr, then anneals to
// far below the start, with the momentum (or Adam's beta1) cycling the other way; per batch, over
// totalSteps (or epochs * stepsPerEpoch) steps. PyTorch 1.13's phases and arithmetic.
import { bindArgs, defineSignature } from '@x/tensor';
import type { Optimizer, ParamGroup } from '../optimizer';
import { cos } from '../libm';
import { toCamel } from '../keys';
import { checkOptimizer, LRScheduler } from './lr-scheduler';

const ONE_CYCLE_LR = defineSignature(
  "optim.lrScheduler.OneCycleLR(optimizer: Optimizer, maxLr: number | number[], totalSteps: number | null = null, epochs: number | null = null, stepsPerEpoch: number | null = null, pctStart: number = 0.3, annealStrategy: 'cos' | 'linear' = 'cos', cycleMomentum: boolean = true, baseMomentum: number | number[] = 0.85, maxMomentum: number | number[] = 0.95, divFactor: number = 25.0, finalDivFactor: number = 10000.0, threePhase: boolean = false, lastEpoch: number = -1, verbose: boolean = false)",
  { doc: 'The 1cycle policy: lr up to maxLr and down, momentum down and up, over totalSteps steps.' },
);

/** OneCycleLR's keyword arguments. */
export interface OneCycleLROptions {
  totalSteps?: number | null;
  epochs?: number | null;
  stepsPerEpoch?: number | null;
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  cycleMomentum?: boolean;
  baseMomentum?: number | readonly number[];
  maxMomentum?: number | readonly number[];
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
  lastEpoch?: number;
  verbose?: boolean;
}

type Args = Required<OneCycleLROptions> & { optimizer: Optimizer; maxLr: number | readonly number[] };

/** A phase of the cycle: where it ends and the group keys (PyTorch's names) it anneals between. */
interface Phase {
  end_step: number;
  start_lr: string;
  end_lr: string;
  start_momentum: string;
  end_momentum: string;
}

const ANNEAL = { _annealing_cos: 'cos', _annealing_linear: 'linear' } as const;

function positiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new RangeError(`OneCycleLR: Expected positive integer ${name}, but got ${String(v)}`);
  return v;
}

/** One value per group, from a number or a list (PyTorch's _format_param). */
function perGroup(optimizer: Optimizer, name: string, v: number | readonly number[]): number[] {
  const n = optimizer.paramGroups.length;
  if (!Array.isArray(v)) return new Array<number>(n).fill(v as number);
  if (v.length !== n) throw new RangeError(`OneCycleLR: expected ${n} values for ${name}, got ${v.length}`);
  return [...v];
}

/** The 1cycle policy (Smith, 2018): up to maxLr, then down, momentum inversely; stepped every batch (torch.optim.lr_scheduler.OneCycleLR). */
export class OneCycleLR extends LRScheduler {
  /** Steps in the cycle (given, or epochs * stepsPerEpoch). */
  totalSteps: number;
  _schedulePhases: Phase[];
  /** PyTorch's anneal_func, by its method's name ('_annealing_cos' or '_annealing_linear'), so that the state dict keeps it. */
  annealFunc: keyof typeof ANNEAL;
  /** Whether momentum (or Adam's beta1) is cycled inversely to the learning rate. */
  cycleMomentum: boolean;
  /** Whether the momentum cycled is Adam's beta1 (set only with cycleMomentum, as PyTorch). */
  declare useBeta1: boolean | undefined;

  constructor(optimizer: Optimizer, maxLr: number | readonly number[], totalSteps?: number | null, epochs?: number | null, stepsPerEpoch?: number | null, pctStart?: number, annealStrategy?: 'cos' | 'linear', cycleMomentum?: boolean, baseMomentum?: number | readonly number[], maxMomentum?: number | readonly number[], divFactor?: number, finalDivFactor?: number, threePhase?: boolean, lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, maxLr: number | readonly number[], options: OneCycleLROptions);
  constructor(optimizer: Optimizer, options: OneCycleLROptions & { maxLr: number | readonly number[] });
  constructor(options: OneCycleLROptions & { optimizer: Optimizer; maxLr: number | readonly number[] });
  constructor(...args: unknown[]) {
    const a = bindArgs<Args>(ONE_CYCLE_LR, args);
    const optimizer = checkOptimizer('OneCycleLR', a.optimizer);
    let total: number;
    if (a.totalSteps === null && a.epochs === null && a.stepsPerEpoch === null) {
      throw new TypeError('OneCycleLR: You must define either total_steps OR (epochs AND steps_per_epoch) (totalSteps, or epochs and stepsPerEpoch)');
    } else if (a.totalSteps !== null) total = positiveInt('total_steps', a.totalSteps);
    else total = positiveInt('epochs', a.epochs) * positiveInt('steps_per_epoch', a.stepsPerEpoch);
    const p = a.pctStart;
    const phases: Phase[] = a.threePhase
      ? [
          { end_step: p * total - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
          { end_step: 2 * p * total - 2, start_lr: 'max_lr', end_lr: 'initial_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
          { end_step: total - 1, start_lr: 'initial_lr', end_lr: 'min_lr', start_momentum: 'max_momentum', end_momentum: 'max_momentum' },
        ]
      : [
          { end_step: p * total - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
          { end_step: total - 1, start_lr: 'max_lr', end_lr: 'min_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
        ];
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`OneCycleLR: Expected float between 0 and 1 pct_start (pctStart), but got ${String(p)}`);
    if (a.annealStrategy !== 'cos' && a.annealStrategy !== 'linear') {
      throw new RangeError(`OneCycleLR: anneal_strategy (annealStrategy) must by one of 'cos' or 'linear', instead got ${String(a.annealStrategy)}`);
    }
    const maxLrs = perGroup(optimizer, 'max_lr', a.maxLr);
    if (a.lastEpoch === -1) {
      optimizer.paramGroups.forEach((g, i) => {
        g.initialLr = maxLrs[i]! / a.divFactor;
        g['maxLr'] = maxLrs[i]!;
        g['minLr'] = g.initialLr / a.finalDivFactor;
      });
    }
    let useBeta1 = false;
    if (a.cycleMomentum) {
      if (!('momentum' in optimizer.defaults) && !('betas' in optimizer.defaults)) {
        throw new TypeError(`OneCycleLR: optimizer must support momentum with \`cycle_momentum\` option enabled (${optimizer.constructor.name} has neither momentum nor betas; pass cycleMomentum: false)`);
      }
      useBeta1 = 'betas' in optimizer.defaults;
      const maxMomentums = perGroup(optimizer, 'max_momentum', a.maxMomentum);
      const baseMomentums = perGroup(optimizer, 'base_momentum', a.baseMomentum);
      if (a.lastEpoch === -1) {
        optimizer.paramGroups.forEach((g, i) => {
          if (useBeta1) g['betas'] = [maxMomentums[i]!, ...(g['betas'] as number[]).slice(1)];
          else g['momentum'] = maxMomentums[i]!;
          g['maxMomentum'] = maxMomentums[i]!;
          g['baseMomentum'] = baseMomentums[i]!;
        });
      }
    }
    super(optimizer, a.lastEpoch, a.verbose);
    this.totalSteps = total;
    this._schedulePhases = phases;
    this.annealFunc = a.annealStrategy === 'cos' ? '_annealing_cos' : '_annealing_linear';
    this.cycleMomentum = a.cycleMomentum;
    if (a.cycleMomentum) this.useBeta1 = useBeta1;
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (ANNEAL[this.annealFunc] === 'linear') return (end - start) * pct + start;
    const cosOut = cos(Math.PI * pct) + 1;
    return end + ((start - end) / 2.0) * cosOut;
  }

  getLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new RangeError(`OneCycleLR: Tried to step ${step + 1} times. The specified number of total steps is ${this.totalSteps}`);
    }
    return this.groups.map((group) => {
      const g = group as ParamGroup & Record<string, number>;
      const key = (name: string) => g[toCamel(name)]!;
      let start = 0;
      let lr = 0;
      let momentum = 0;
      for (const [i, phase] of this._schedulePhases.entries()) {
        const end = phase.end_step;
        if (step <= end || i === this._schedulePhases.length - 1) {
          const pct = (step - start) / (end - start);
          lr = this.anneal(key(phase.start_lr), key(phase.end_lr), pct);
          if (this.cycleMomentum) momentum = this.anneal(key(phase.start_momentum), key(phase.end_momentum), pct);
          break;
        }
        start = end;
      }
      if (this.cycleMomentum) {
        if (this.useBeta1) group['betas'] = [momentum, ...(group['betas'] as number[]).slice(1)];
        else group['momentum'] = momentum;
      }
      return lr;
    });
  }
}
