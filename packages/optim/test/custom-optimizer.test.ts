// An optimizer written the PyTorch way: subclass optim.Optimizer, call super(params, defaults),
// override step(). It gets parameter groups, state dicts, printing and scheduler support from the
// base, and the same update written by hand follows optim.SGD's trajectory bit for bit.
import { describe, expect, it, vi } from 'vitest';
import * as torch from '@x/tensor';
import * as optim from '../src/index';
import { buildProblem, loadFixture, type OptimizerFixture } from './fixtures';

interface MomentumOptions {
  lr: number;
  momentum: number;
}

/** PyTorch's tutorial shape: defaults in the constructor, the update in step() under noGrad. */
class MomentumSGD extends optim.Optimizer<MomentumOptions, { momentum_buffer?: torch.Tensor }> {
  constructor(params: optim.Params<MomentumOptions>, lr = 0.01, momentum = 0.9) {
    super(params, { lr, momentum });
  }

  override step<L>(closure?: () => L): L | undefined {
    const loss = closure ? torch.enableGrad(closure) : undefined;
    torch.noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          const state = this.state.get(p) ?? {};
          this.state.set(p, state);
          if (state.momentum_buffer === undefined) state.momentum_buffer = p.grad.clone();
          else state.momentum_buffer.mul_(group.momentum).add_(p.grad);
          p.add_(state.momentum_buffer, { alpha: -group.lr });
        }
      }
    });
    return loss;
  }
}

describe('a custom optimizer written the PyTorch way', () => {
  const fixture = loadFixture<OptimizerFixture>('sgd.json');

  it("follows optim.SGD's trajectory bit for bit, with parameter groups", () => {
    const run = (make: (params: torch.Tensor[]) => optim.Optimizer) => {
      const problem = buildProblem(fixture, 'float32');
      const opt = make(problem.params);
      for (let i = 0; i < 6; i++) {
        opt.zeroGrad();
        problem.backward();
        opt.step();
      }
      return problem.params.map((p) => p.tolistSync());
    };
    const groups = (params: torch.Tensor[]) => [{ params: params.slice(0, 2) }, { params: params.slice(2), lr: 0.02 }];
    const ours = run((p) => new MomentumSGD(groups(p), 0.05, 0.9));
    const builtin = run((p) => new optim.SGD(groups(p), { lr: 0.05, momentum: 0.9 }));
    expect(ours).toEqual(builtin);
  });

  it('has state dicts, printing, closures and scheduler support from the base', () => {
    const w = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const opt = new MomentumSGD([w], 0.1);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const sched = new optim.lrScheduler.StepLR(opt, 1, { gamma: 0.5 });
      const loss = opt.step(() => {
        opt.zeroGrad();
        const l = w.pow(2).sum();
        l.backward();
        return l;
      });
      expect(loss?.itemSync()).toBe(5);
      sched.step();
      expect(warn).not.toHaveBeenCalled(); // the overridden step() is counted, as PyTorch counts it
    } finally {
      warn.mockRestore();
    }
    expect(opt._stepCount).toBe(1);
    expect(opt.paramGroups[0]!.lr).toBe(0.05);
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['0']);
    expect(sd.param_groups).toEqual([{ lr: 0.05, momentum: 0.9, initial_lr: 0.1, params: [0] }]);
    expect(String(opt)).toBe('MomentumSGD (\nParameter Group 0\n    initial_lr: 0.1\n    lr: 0.05\n    momentum: 0.9\n)');
    const again = new MomentumSGD([torch.tensor([0, 0], { dtype: 'float32', requiresGrad: true })]);
    again.loadStateDict(sd);
    expect(again.paramGroups[0]!.lr).toBe(0.05);
  });

  it('an optimizer that implements neither step() nor updateGroup() says so', () => {
    class Empty extends optim.Optimizer {}
    const opt = new Empty([torch.zeros([1], { requiresGrad: true })], { lr: 1 });
    expect(() => opt.step()).toThrow('Empty: override step() (as a PyTorch optimizer does) or updateGroup(group) to update the parameters');
  });
});
