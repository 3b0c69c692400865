// The lr schedulers against PyTorch: the lr of each group after construction and after each of 30
// steps, the final state_dict(), resuming from saved state dicts, both argument forms, and errors.
import { describe, expect, it, vi } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as optim from '../src/index';
import { lrScheduler } from '../src/index';
import { loadFixture } from './fixtures';

interface SchedulerCase {
  name: string;
  scheduler: string;
  kwargs: Record<string, unknown>;
  group_lrs: number[];
  initial_lr: boolean;
  optimizer: 'SGD' | 'Adam';
  lrs: number[][];
  state_dict: Record<string, unknown>;
  optimizer_param_groups: Record<string, unknown>[];
  metrics?: number[];
}

interface SchedulerFixture {
  torch: string;
  steps: number;
  lambdas: string[];
  cases: SchedulerCase[];
}

const fixture = loadFixture<SchedulerFixture>('lr_scheduler.json');

/** The same functions as LAMBDAS in scripts/generate_fixtures.py. */
const LAMBDAS: Record<string, lrScheduler.LrLambda> = {
  inverse: (e) => 1 / (e + 1),
  halve_at_5: (e) => (e < 5 ? 1.0 : 0.5),
  warmup_5: (e) => Math.min(1.0, (e + 1) / 5),
  linear_decay_40: (e) => 1 - e / 40,
};

type AnyScheduler = lrScheduler.LRScheduler | lrScheduler.ReduceLROnPlateau;

function makeOptimizer(c: SchedulerCase): optim.Optimizer {
  const groups = c.group_lrs.map((lr, i) => ({
    params: [torch.zeros([i + 2], { requiresGrad: true })],
    lr,
    ...(c.initial_lr ? { initialLr: lr * 2 } : {}),
  }));
  return c.optimizer === 'Adam' ? new optim.Adam(groups, { lr: 0.1 }) : new optim.SGD(groups, { lr: 0.1 });
}

/** camelCase options from the fixture's PyTorch keywords (T_0 → T0, T_mult → TMult, max_lr → maxLr). */
function camelOptions(kwargs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k.replace(/_([a-z0-9])/gi, (_, ch: string) => ch.toUpperCase()), v]));
}

type SchedulerClass = new (...args: unknown[]) => lrScheduler.LRScheduler;

/** A scheduler of the newer kind (bound by the shared binder): everything by keyword, or the leading ones by position. */
function makeBound(c: SchedulerCase, opt: optim.Optimizer, positional: boolean, resume: boolean): lrScheduler.LRScheduler {
  const Cls = (lrScheduler as unknown as Record<string, SchedulerClass>)[c.scheduler]!;
  const o = camelOptions(c.kwargs);
  if (resume) delete o['lastEpoch'];
  if (c.scheduler === 'SequentialLR') {
    const subs = (o['schedulers'] as [string, Record<string, unknown>][]).map(([name, k]) => {
      const Sub = (lrScheduler as unknown as Record<string, SchedulerClass>)[name]!;
      return new Sub(opt, camelOptions(k));
    });
    return positional ? new Cls(opt, subs, o['milestones']) : new Cls({ optimizer: opt, schedulers: subs, milestones: o['milestones'] });
  }
  return positional ? new Cls(opt, o) : new Cls({ optimizer: opt, ...o });
}

/** The scheduler of a case, alternating between the positional and the options-object forms. */
function makeScheduler(c: SchedulerCase, opt: optim.Optimizer, resume = false): AnyScheduler {
  const k = c.kwargs as Record<string, never>;
  const base = { lastEpoch: resume ? undefined : k.last_epoch };
  const positional = c.name.length % 2 === 0;
  switch (c.scheduler) {
    case 'StepLR':
      return positional
        ? new lrScheduler.StepLR(opt, k.step_size, { ...base, gamma: k.gamma })
        : new lrScheduler.StepLR(opt, { ...base, stepSize: k.step_size, gamma: k.gamma });
    case 'MultiStepLR':
      return positional
        ? new lrScheduler.MultiStepLR(opt, k.milestones, { ...base, gamma: k.gamma })
        : new lrScheduler.MultiStepLR(opt, { ...base, milestones: k.milestones, gamma: k.gamma });
    case 'ExponentialLR':
      return positional ? new lrScheduler.ExponentialLR(opt, k.gamma, base) : new lrScheduler.ExponentialLR(opt, { ...base, gamma: k.gamma });
    case 'CosineAnnealingLR':
      return positional
        ? new lrScheduler.CosineAnnealingLR(opt, k.T_max, { ...base, etaMin: k.eta_min })
        : new lrScheduler.CosineAnnealingLR(opt, { ...base, TMax: k.T_max, etaMin: k.eta_min });
    case 'LambdaLR': {
      const names = k.lr_lambda as string | string[];
      const fns = Array.isArray(names) ? names.map((n) => LAMBDAS[n]!) : LAMBDAS[names]!;
      return positional ? new lrScheduler.LambdaLR(opt, fns, base) : new lrScheduler.LambdaLR(opt, { ...base, lrLambda: fns });
    }
    case 'ReduceLROnPlateau':
      return new lrScheduler.ReduceLROnPlateau(opt, {
        mode: k.mode, factor: k.factor, patience: k.patience, threshold: k.threshold,
        thresholdMode: k.threshold_mode, cooldown: k.cooldown, minLr: k.min_lr, eps: k.eps,
      });
    case 'ConstantLR':
    case 'LinearLR':
    case 'PolynomialLR':
    case 'CosineAnnealingWarmRestarts':
    case 'OneCycleLR':
    case 'SequentialLR':
      return makeBound(c, opt, positional, resume);
    default:
      throw new Error(`unknown scheduler ${c.scheduler}`);
  }
}

function advance(c: SchedulerCase, opt: optim.Optimizer, sched: AnyScheduler, i: number): void {
  opt.step();
  if (sched instanceof lrScheduler.ReduceLROnPlateau) sched.step(c.metrics![i]!);
  else sched.step();
}

/** Fixture values as JS holds them: PyTorch's float('inf') is written 'inf'. */
function decode(v: unknown): unknown {
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  return v;
}

const lrsOf = (opt: optim.Optimizer) => opt.paramGroups.map((g) => g.lr);

/** Exact: the cosine schedules use a correctly rounded cos (src/libm.ts), as C's that Python calls. */
function expectLrs(_c: SchedulerCase, actual: number[], expected: number[], where: string): void {
  expect(actual, where).toEqual(expected);
}

describe(`lr schedulers against PyTorch ${fixture.torch}`, () => {
  it('covers every scheduler', () => {
    expect(new Set(fixture.cases.map((c) => c.scheduler))).toEqual(
      new Set([
        'StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'LambdaLR', 'ReduceLROnPlateau',
        'ConstantLR', 'LinearLR', 'PolynomialLR', 'CosineAnnealingWarmRestarts', 'OneCycleLR', 'SequentialLR',
      ]),
    );
  });

  for (const c of fixture.cases) {
    describe(c.name, () => {
      it(`gives PyTorch's lr sequence over ${fixture.steps} steps`, () => {
        const opt = makeOptimizer(c);
        const sched = makeScheduler(c, opt);
        expect(lrsOf(opt)).toEqual(c.lrs[0]);
        expect(sched.getLastLr()).toEqual(c.lrs[0]);
        for (let i = 0; i < fixture.steps; i++) {
          advance(c, opt, sched, i);
          expectLrs(c, lrsOf(opt), c.lrs[i + 1]!, `after step ${i + 1}`);
          expect(sched.getLastLr()).toEqual(lrsOf(opt));
        }
        const sd = sched.stateDict();
        const expected = decode(c.state_dict) as Record<string, unknown>;
        expect(sd).toEqual(expected);
        expect(opt.stateDict().param_groups).toEqual(decode(c.optimizer_param_groups));
      });

      it('resumes from the saved optimizer and scheduler state dicts', () => {
        const half = 12;
        const opt = makeOptimizer(c);
        const sched = makeScheduler(c, opt);
        for (let i = 0; i < half; i++) advance(c, opt, sched, i);
        const saved = JSON.parse(JSON.stringify({ optimizer: opt.stateDict(), scheduler: sched.stateDict() }, (_, v: unknown) =>
          v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v)) as { optimizer: optim.OptimizerStateDict; scheduler: Record<string, unknown> };

        // PyTorch's order: build the optimizer and the scheduler, then load both state dicts (the
        // scheduler's constructor moves the lr; the optimizer's state dict puts it back).
        const groups2 = c.group_lrs.map((lr, i) => ({ params: [torch.zeros([i + 2], { requiresGrad: true })], lr }));
        const opt2 = c.optimizer === 'Adam' ? new optim.Adam(groups2, { lr: 0.1 }) : new optim.SGD(groups2, { lr: 0.1 });
        const sched2 = makeScheduler(c, opt2, true);
        opt2.loadStateDict(saved.optimizer);
        sched2.loadStateDict(saved.scheduler);
        expectLrs(c, lrsOf(opt2), lrsOf(opt), 'after loading');
        for (let i = half; i < fixture.steps; i++) {
          advance(c, opt2, sched2, i);
          expectLrs(c, lrsOf(opt2), c.lrs[i + 1]!, `after step ${i + 1}`);
        }
      });
    });
  }
});

describe('lr scheduler behaviour', () => {
  const params = () => [torch.zeros([2], { requiresGrad: true })];

  it('sets initialLr in each group and keeps it', () => {
    const opt = new optim.SGD(params(), { lr: 0.5 });
    const sched = new lrScheduler.StepLR(opt, 1, { gamma: 0.5 });
    expect(opt.paramGroups[0]!.initialLr).toBe(0.5);
    expect(sched.baseLrs).toEqual([0.5]);
    opt.step();
    sched.step();
    expect(opt.paramGroups[0]!.lr).toBe(0.25);
    expect(opt.paramGroups[0]!.initialLr).toBe(0.5);
    expect(opt.stateDict().param_groups[0]!.initial_lr).toBe(0.5);
  });

  it('refuses to resume (lastEpoch given) without initialLr, as PyTorch', () => {
    const opt = new optim.SGD(params(), { lr: 0.5 });
    expect(() => new lrScheduler.StepLR(opt, 3, { lastEpoch: 5 })).toThrow(/param 'initial_lr' is not specified in param_groups\[0\] when resuming an optimizer/);
  });

  it("warns when scheduler.step() comes before optimizer.step(), as PyTorch", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const opt = new optim.SGD(params(), { lr: 0.5 });
      const sched = new lrScheduler.ExponentialLR(opt, 0.5);
      sched.step();
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/before `optimizer.step\(\)`/));
    } finally {
      warn.mockRestore();
    }
  });

  it('prints lr changes with verbose, in PyTorch words', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const opt = new optim.SGD(params(), { lr: 0.5 });
      new lrScheduler.StepLR(opt, 1, { verbose: true });
      expect(log).toHaveBeenCalledWith('Adjusting learning rate of group 0 to 5.0000e-01.');
      const plateau = new lrScheduler.ReduceLROnPlateau(opt, { patience: 0, verbose: true });
      plateau.step(1);
      plateau.step(2);
      expect(log).toHaveBeenCalledWith('Epoch 00002: reducing learning rate of group 0 to 5.0000e-02.');
    } finally {
      log.mockRestore();
    }
  });

  it('ReduceLROnPlateau takes a 0-d tensor metric', () => {
    const opt = new optim.SGD(params(), { lr: 1 });
    const plateau = new lrScheduler.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
    plateau.step(torch.tensor(3));
    plateau.step(torch.tensor(4));
    expect(plateau.getLastLr()).toEqual([0.5]);
    expect(plateau.best).toBe(3);
  });

  it('a custom scheduler subclasses LRScheduler and calls initialStep()', () => {
    class Halving extends lrScheduler.LRScheduler {
      constructor(optimizer: optim.Optimizer) {
        super(optimizer);
        this.initialStep();
      }
      getLr(): number[] {
        return this.baseLrs.map((lr) => lr / 2 ** this.lastEpoch);
      }
    }
    const opt = new optim.SGD(params(), { lr: 1 });
    const s = new Halving(opt);
    opt.step();
    s.step();
    opt.step();
    s.step();
    expect(s.getLastLr()).toEqual([0.25]);
    expect(s.stateDict()).toMatchObject({ base_lrs: [1], last_epoch: 2, _step_count: 3, _last_lr: [0.25] });
  });

  it('errors read like PyTorch and say what to pass', () => {
    const opt = new optim.SGD([{ params: params() }, { params: params() }], { lr: 1 });
    const notOpt = {} as unknown as optim.Optimizer;
    expect(() => new lrScheduler.StepLR(notOpt, 3)).toThrow(/Object is not an Optimizer/);
    expect(() => new lrScheduler.StepLR(opt, 0)).toThrow(/step_size \(stepSize\) must be a positive integer/);
    expect(() => new lrScheduler.StepLR(opt, {} as { stepSize: number })).toThrow("optim.lrScheduler.StepLR(): missing the required argument 'stepSize'");
    expect(() => new lrScheduler.StepLR(opt, 3, { gama: 0.5 } as never)).toThrow(/^optim\.lrScheduler\.StepLR\(\): unexpected option 'gama'.*StepLR takes \(optimizer: Optimizer, stepSize: number, gamma: number = 0\.1/);
    expect(() => new lrScheduler.MultiStepLR(opt, [1.5])).toThrow(/milestones must be integers/);
    expect(() => new lrScheduler.CosineAnnealingLR(opt, 0)).toThrow(/T_max \(TMax\) must be positive/);
    expect(() => new lrScheduler.LambdaLR(opt, [(e) => e])).toThrow(/Expected 2 lr_lambdas, but got 1/);
    expect(() => new lrScheduler.ReduceLROnPlateau(opt, { factor: 1 })).toThrow(/Factor should be < 1.0./);
    expect(() => new lrScheduler.ReduceLROnPlateau(opt, { minLr: [0.1] })).toThrow(/expected 2 min_lrs, got 1/);
    expect(() => new lrScheduler.ReduceLROnPlateau(opt, { mode: 'up' as 'min' })).toThrow(/mode up is unknown!/);
    expect(() => new lrScheduler.ReduceLROnPlateau(opt, { thresholdMode: 'x' as 'abs' })).toThrow(/threshold mode x is unknown!/);
  });
});

describe('the newer schedulers refuse what PyTorch refuses', () => {
  const opt = () => new optim.SGD([{ params: [torch.zeros([2], { requiresGrad: true })] }, { params: [torch.zeros([1], { requiresGrad: true })] }], { lr: 1 });
  it('with messages that name the option', () => {
    const o = opt();
    expect(() => new lrScheduler.ConstantLR(o, 2)).toThrow('ConstantLR: Constant multiplicative factor expected to be between 0 and 1 (got factor 2).');
    expect(() => new lrScheduler.LinearLR(o, { startFactor: 1.5 })).toThrow('LinearLR: Starting multiplicative factor expected to be between 0 and 1');
    expect(() => new lrScheduler.LinearLR(o, { endFactor: -1 })).toThrow('LinearLR: Ending multiplicative factor expected to be between 0 and 1');
    expect(() => new lrScheduler.CosineAnnealingWarmRestarts(o, 0)).toThrow('Expected positive integer T_0 (T0), but got 0');
    expect(() => new lrScheduler.CosineAnnealingWarmRestarts(o, 2, { TMult: 0.5 })).toThrow('Expected integer T_mult (TMult) >= 1, but got 0.5');
    expect(() => new lrScheduler.OneCycleLR(o, 1)).toThrow('You must define either total_steps OR (epochs AND steps_per_epoch)');
    expect(() => new lrScheduler.OneCycleLR(o, 1, { totalSteps: 0 })).toThrow('Expected positive integer total_steps, but got 0');
    expect(() => new lrScheduler.OneCycleLR(o, 1, { totalSteps: 10, pctStart: 2 })).toThrow('Expected float between 0 and 1 pct_start (pctStart), but got 2');
    expect(() => new lrScheduler.OneCycleLR(o, 1, { totalSteps: 10, annealStrategy: 'x' as 'cos' })).toThrow("must by one of 'cos' or 'linear', instead got x");
    expect(() => new lrScheduler.OneCycleLR(o, [1, 2, 3], { totalSteps: 10 })).toThrow('OneCycleLR: expected 2 values for max_lr, got 3');
    const adagrad = new optim.Adagrad([torch.zeros([1], { requiresGrad: true })]);
    expect(() => new lrScheduler.OneCycleLR(adagrad, 1, { totalSteps: 10 })).toThrow('optimizer must support momentum with `cycle_momentum` option enabled');
    const once = new lrScheduler.OneCycleLR(opt(), 1, { totalSteps: 2 });
    once.step();
    once.step();
    expect(() => once.step()).toThrow('OneCycleLR: Tried to step 4 times. The specified number of total steps is 2');
    const o2 = opt();
    const a = new lrScheduler.ConstantLR(o2);
    expect(() => new lrScheduler.SequentialLR(o2, [a], [3])).toThrow('expects number of schedulers provided to be one more than the number of milestone points');
    expect(() => new lrScheduler.SequentialLR(opt(), [a], [])).toThrow('SequentialLR: Sequential Schedulers expects all schedulers to belong to the same optimizer');
    expect(() => new lrScheduler.LinearLR(o2, { startFactr: 0.1 } as never)).toThrow("optim.lrScheduler.LinearLR(): unexpected option 'startFactr' (did you mean 'startFactor'?)");
  });

  it('CosineAnnealingWarmRestarts takes fractional epochs, as PyTorch', () => {
    const o = opt();
    const s = new lrScheduler.CosineAnnealingWarmRestarts(o, 4);
    s.step(2.5);
    expect(s.lastEpoch).toBe(2);
    expect(s.TCur).toBe(2.5);
    s.step(9);
    expect(s.TCur).toBe(1);
    expect(o.paramGroups[0]!.lr).toBe(0.5 * (1 + Math.cos(Math.PI / 4)));
  });
});
