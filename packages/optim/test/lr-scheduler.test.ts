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

function makeOptimizer(c: SchedulerCase): optim.SGD {
  const groups = c.group_lrs.map((lr, i) => ({
    params: [torch.zeros([i + 2], { requiresGrad: true })],
    lr,
    ...(c.initial_lr ? { initialLr: lr * 2 } : {}),
  }));
  return new optim.SGD(groups, { lr: 0.1 });
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

/**
 * Exact, except CosineAnnealingLR: its lrs come from Math.cos, which in V8 differs from C's cos (what
 * Python's math.cos calls) by an ulp at some arguments, and the recursive form carries that along.
 */
function expectLrs(c: SchedulerCase, actual: number[], expected: number[], where: string): void {
  if (c.scheduler !== 'CosineAnnealingLR') {
    expect(actual, where).toEqual(expected);
    return;
  }
  expect(actual.length, where).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!), `${where} group ${i}`).toBeLessThanOrEqual(1e-13 * Math.abs(expected[i]!)));
}

describe(`lr schedulers against PyTorch ${fixture.torch}`, () => {
  it('covers every scheduler', () => {
    expect(new Set(fixture.cases.map((c) => c.scheduler))).toEqual(
      new Set(['StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'LambdaLR', 'ReduceLROnPlateau']),
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
        if (c.scheduler === 'CosineAnnealingLR') {
          expectLrs(c, sd._last_lr as number[], expected._last_lr as number[], '_last_lr');
          expect({ ...sd, _last_lr: null }).toEqual({ ...expected, _last_lr: null });
        } else {
          expect(sd).toEqual(expected);
          expect(opt.stateDict().param_groups).toEqual(decode(c.optimizer_param_groups));
        }
      });

      it('resumes from the saved optimizer and scheduler state dicts', () => {
        const half = 12;
        const opt = makeOptimizer(c);
        const sched = makeScheduler(c, opt);
        for (let i = 0; i < half; i++) advance(c, opt, sched, i);
        const saved = JSON.parse(JSON.stringify({ optimizer: opt.stateDict(), scheduler: sched.stateDict() }, (_, v: unknown) =>
          v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v)) as { optimizer: optim.OptimizerStateDict; scheduler: Record<string, unknown> };

        const opt2 = new optim.SGD(c.group_lrs.map((lr, i) => ({ params: [torch.zeros([i + 2], { requiresGrad: true })], lr })), { lr: 0.1 });
        opt2.loadStateDict(saved.optimizer);
        const sched2 = makeScheduler(c, opt2, true);
        sched2.loadStateDict(saved.scheduler);
        // LambdaLR's constructor sets lr = initialLr * lambda(0), as PyTorch's does; its next step puts it right.
        if (c.scheduler !== 'LambdaLR') expectLrs(c, lrsOf(opt2), lrsOf(opt), 'after loading');
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
    expect(() => new lrScheduler.StepLR(opt, {} as { stepSize: number })).toThrow(/expected step_size \(stepSize\)/);
    expect(() => new lrScheduler.MultiStepLR(opt, [1.5])).toThrow(/milestones must be integers/);
    expect(() => new lrScheduler.CosineAnnealingLR(opt, 0)).toThrow(/T_max \(TMax\) must be positive/);
    expect(() => new lrScheduler.LambdaLR(opt, [(e) => e])).toThrow(/Expected 2 lr_lambdas, but got 1/);
    expect(() => new lrScheduler.ReduceLROnPlateau(opt, { factor: 1 })).toThrow(/Factor should be < 1.0./);
    expect(() => new lrScheduler.ReduceLROnPlateau(opt, { minLr: [0.1] })).toThrow(/expected 2 min_lrs, got 1/);
    expect(() => new lrScheduler.ReduceLROnPlateau(opt, { mode: 'up' as 'min' })).toThrow(/mode up is unknown!/);
    expect(() => new lrScheduler.ReduceLROnPlateau(opt, { thresholdMode: 'x' as 'abs' })).toThrow(/threshold mode x is unknown!/);
  });
});
