// Python's calling convention on every public optimizer and scheduler constructor: each is built with
// all its arguments by name (the keyword form), which must equal a positional build (the same print,
// state dict and lrs), and with an unknown option, which must throw a TypeError naming the class. A
// new export without an entry here fails the walk.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as optim from '../src/index';

type Ctor = new (...args: unknown[]) => unknown;

const params = () => [torch.zeros([2], { requiresGrad: true })];
const sgd = () => new optim.SGD(params(), { lr: 0.1, momentum: 0.9 });

/** Keyword arguments and the same call by position; `make` builds fresh arguments per call. */
interface Entry {
  keywords: () => Record<string, unknown>;
  positional: () => unknown[];
}

const OPTIMIZERS: Record<string, Entry> = {
  SGD: { keywords: () => ({ params: params(), lr: 0.1, momentum: 0.9, nesterov: true, foreach: true }), positional: () => [params(), 0.1, 0.9, 0, 0, true, { foreach: true }] },
  Adam: { keywords: () => ({ params: params(), lr: 0.01, betas: [0.8, 0.9], amsgrad: true }), positional: () => [params(), 0.01, [0.8, 0.9], 1e-8, 0, true] },
  AdamW: { keywords: () => ({ params: params(), lr: 0.01, weightDecay: 0.1 }), positional: () => [params(), 0.01, [0.9, 0.999], 1e-8, 0.1] },
  RMSprop: { keywords: () => ({ params: params(), lr: 0.01, alpha: 0.9, centered: true }), positional: () => [params(), 0.01, 0.9, 1e-8, 0, 0, true] },
  Adadelta: { keywords: () => ({ params: params(), lr: 0.5, rho: 0.8 }), positional: () => [params(), 0.5, 0.8] },
  Adagrad: { keywords: () => ({ params: params(), lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 }), positional: () => [params(), 0.1, 0.01, 0, 0.1] },
};

/** Schedulers get an optimizer made by `sgd()` in both forms. */
const SCHEDULERS: Record<string, { keywords: (o: optim.Optimizer) => Record<string, unknown>; positional: (o: optim.Optimizer) => unknown[] }> = {
  StepLR: { keywords: (o) => ({ optimizer: o, stepSize: 2, gamma: 0.5 }), positional: (o) => [o, 2, 0.5] },
  MultiStepLR: { keywords: (o) => ({ optimizer: o, milestones: [1, 3], gamma: 0.5 }), positional: (o) => [o, [1, 3], 0.5] },
  ExponentialLR: { keywords: (o) => ({ optimizer: o, gamma: 0.9 }), positional: (o) => [o, 0.9] },
  CosineAnnealingLR: { keywords: (o) => ({ optimizer: o, TMax: 4, etaMin: 0.01 }), positional: (o) => [o, 4, 0.01] },
  LambdaLR: { keywords: (o) => ({ optimizer: o, lrLambda: (e: number) => 1 / (e + 1) }), positional: (o) => [o, (e: number) => 1 / (e + 1)] },
  ReduceLROnPlateau: { keywords: (o) => ({ optimizer: o, mode: 'max', patience: 1, factor: 0.5 }), positional: (o) => [o, 'max', 0.5, 1] },
  ConstantLR: { keywords: (o) => ({ optimizer: o, factor: 0.5, totalIters: 2 }), positional: (o) => [o, 0.5, 2] },
  LinearLR: { keywords: (o) => ({ optimizer: o, startFactor: 0.25, totalIters: 3 }), positional: (o) => [o, 0.25, 1.0, 3] },
  PolynomialLR: { keywords: (o) => ({ optimizer: o, totalIters: 4, power: 2 }), positional: (o) => [o, 4, 2] },
  CosineAnnealingWarmRestarts: { keywords: (o) => ({ optimizer: o, T0: 2, TMult: 2 }), positional: (o) => [o, 2, 2] },
  OneCycleLR: { keywords: (o) => ({ optimizer: o, maxLr: 1, totalSteps: 10, annealStrategy: 'linear' }), positional: (o) => [o, 1, 10, null, null, 0.3, 'linear'] },
  SequentialLR: {
    keywords: (o) => ({ optimizer: o, schedulers: [new optim.lrScheduler.ConstantLR(o), new optim.lrScheduler.ExponentialLR(o, 0.9)], milestones: [2] }),
    positional: (o) => [o, [new optim.lrScheduler.ConstantLR(o), new optim.lrScheduler.ExponentialLR(o, 0.9)], [2]],
  },
};

/** Not constructed directly by users: the bases take (params, defaults) and (optimizer, ...) from subclasses. */
const BASES = new Set(['Optimizer', 'LRScheduler']);

const isClass = (v: unknown): v is Ctor => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));

function run(s: { step(metric?: number): void; getLastLr(): number[] }, name: string): number[][] {
  const lrs: number[][] = [];
  for (let i = 0; i < 4; i++) {
    if (name === 'ReduceLROnPlateau') s.step(1);
    else s.step();
    lrs.push(s.getLastLr());
  }
  return lrs;
}

describe('every public @x/optim constructor takes its keyword form', () => {
  it('the walk covers every export', () => {
    expect(Object.entries(optim).filter(([k, v]) => isClass(v) && !BASES.has(k)).map(([k]) => k).sort()).toEqual(Object.keys(OPTIMIZERS).sort());
    expect(Object.entries(optim.lrScheduler).filter(([k, v]) => isClass(v) && !BASES.has(k)).map(([k]) => k).sort()).toEqual(Object.keys(SCHEDULERS).sort());
  });

  for (const [name, e] of Object.entries(OPTIMIZERS)) {
    it(`optim.${name}`, () => {
      const C = (optim as unknown as Record<string, Ctor>)[name]!;
      const byName = new C(e.keywords()) as optim.Optimizer;
      const byPosition = new C(...e.positional()) as optim.Optimizer;
      expect(String(byName)).toBe(String(byPosition));
      expect(byName.stateDict().param_groups).toEqual(byPosition.stateDict().param_groups);
      expect(() => new C({ ...e.keywords(), notAnOption: 1 })).toThrow(new RegExp(`^optim\\.${name}\\(\\): unexpected option 'notAnOption'.*${name} takes \\(params`));
    });
  }

  for (const [name, e] of Object.entries(SCHEDULERS)) {
    it(`optim.lrScheduler.${name}`, () => {
      const C = (optim.lrScheduler as unknown as Record<string, Ctor>)[name]!;
      const a = sgd();
      const b = sgd();
      const byName = new C(e.keywords(a)) as { step(m?: number): void; getLastLr(): number[] };
      const byPosition = new C(...e.positional(b)) as { step(m?: number): void; getLastLr(): number[] };
      expect(run(byName, name)).toEqual(run(byPosition, name));
      expect(() => new C({ ...e.keywords(sgd()), notAnOption: 1 })).toThrow(TypeError);
      expect(() => new C({ ...e.keywords(sgd()), notAnOption: 1 })).toThrow(new RegExp(`^optim\\.lrScheduler\\.${name}\\(\\): unexpected option 'notAnOption'`));
    });
  }

  it("the issue's ReduceLROnPlateau(opt, 'min', { patience, factor }) is honoured, not ignored", () => {
    const opt = new optim.SGD(params(), { lr: 1 });
    const plateau = new optim.lrScheduler.ReduceLROnPlateau(opt, 'min', { patience: 0, factor: 0.5 });
    expect([plateau.patience, plateau.factor, plateau.mode]).toEqual([0, 0.5, 'min']);
    plateau.step(1);
    plateau.step(2);
    expect(plateau.getLastLr()).toEqual([0.5]);
  });

  it("PyTorch's implementation flags: foreach is kept, the ones this port lacks are refused when true", () => {
    const opt = new optim.Adam(params(), { foreach: false });
    expect(opt.stateDict().param_groups[0]!.foreach).toBe(false);
    expect(new optim.Adam(params()).stateDict().param_groups[0]!.foreach).toBe(null);
    expect(() => new optim.Adam(params(), { fused: true })).toThrow("Adam: fused=True is not implemented in @x (PyTorch's fused implementation); leave fused false");
    expect(() => new optim.SGD(params(), { lr: 1, differentiable: true })).toThrow('SGD: differentiable=True is not implemented');
    expect(() => new optim.Adam(params(), { differentiable: false, capturable: false })).not.toThrow();
  });
});
