// LambdaLR: each group's lr is its initial lr times lrLambda(epoch) (one function, or one per group).
import { bindArgs, defineSignature } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { LRScheduler, type SchedulerOptions, type SchedulerStateDict } from './lr-scheduler';

const LAMBDALR_SIG = defineSignature(
  'optim.lrScheduler.LambdaLR(optimizer: Optimizer, lrLambda: Function | Function[], lastEpoch: number = -1, verbose: boolean = false)',
  { doc: 'The lr is the initial lr times lrLambda(epoch).' },
);

type LambdaLRBound = { optimizer: Optimizer; lrLambda: LrLambda | readonly LrLambda[]; lastEpoch: number; verbose: boolean; gamma: number; etaMin: number };

/** A function of the epoch giving the factor on the initial learning rate. */
export type LrLambda = (epoch: number) => number;

/** Sets each group's learning rate to its initial lr times lrLambda(epoch) (PyTorch's `LambdaLR`). */
export class LambdaLR extends LRScheduler {
  /** One factor function per parameter group. */
  lrLambdas: LrLambda[];

  constructor(optimizer: Optimizer, lrLambda: LrLambda | readonly LrLambda[], options?: SchedulerOptions);
  constructor(optimizer: Optimizer, options: SchedulerOptions & { lrLambda: LrLambda | readonly LrLambda[] });
  constructor(...args: unknown[]) {
    const { optimizer, lrLambda: value, ...o } = bindArgs<LambdaLRBound>(LAMBDALR_SIG, args);
    const n = optimizer?.paramGroups?.length ?? 0;
    let lambdas: LrLambda[];
    if (typeof value === 'function') {
      lambdas = Array.from({ length: n }, () => value);
    } else {
      if (value.length !== n) throw new RangeError(`LambdaLR: Expected ${n} lr_lambdas, but got ${value.length} (one function per parameter group)`);
      lambdas = [...value];
    }
    for (const f of lambdas) if (typeof f !== 'function') throw new TypeError(`LambdaLR: each lr_lambda must be a function of the epoch, got ${typeof f}`);
    super(optimizer, o.lastEpoch ?? -1, o.verbose ?? false);
    this.lrLambdas = lambdas;
    this.initialStep();
  }

  getLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i]!(this.lastEpoch));
  }

  protected override notState(): string[] {
    return [...super.notState(), 'lrLambdas'];
  }

  /** As PyTorch's: the fields, and `lr_lambdas: [null, ...]` (functions are not saved). */
  override stateDict(): SchedulerStateDict {
    return { ...super.stateDict(), lr_lambdas: this.lrLambdas.map(() => null) };
  }
}
