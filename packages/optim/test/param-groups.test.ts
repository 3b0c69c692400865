// Parameter groups: per-group options override the defaults, addParamGroup, the inputs accepted
// (arrays, iterables, a single tensor per group), and PyTorch's print.
import { describe, expect, it, vi } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as optim from '../src/index';

const param = (v: number[]) => torch.tensor(v, { dtype: 'float32', requiresGrad: true });
/**
 * The very tensors, by identity. (Deep equality walks iterables, and a tensor iterates its rows: views
 * with autograd nodes of their own, so toEqual cannot tell a tensor that requires grad from itself.)
 */
function expectSame(got: readonly torch.Tensor[], want: readonly torch.Tensor[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((t, i) => expect(t).toBe(want[i]));
}

describe('param groups', () => {
  it('one group from a list of tensors, with every option resolved', () => {
    const w = param([1]);
    const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
    expect(opt.paramGroups).toHaveLength(1);
    const { params, ...options } = opt.paramGroups[0]!;
    expectSame(params, [w]);
    expect(options).toEqual({ lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
    expect(opt.defaults).toEqual({ lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
  });

  it("a group's options override the defaults, for that group only", () => {
    const [w, b] = [param([1, 1]), param([1])];
    const opt = new optim.SGD([{ params: [w] }, { params: b, lr: 0.5, weightDecay: 0.1 }], { lr: 0.1 });
    expect(opt.paramGroups[0]!.lr).toBe(0.1);
    expect(opt.paramGroups[1]!.lr).toBe(0.5);
    expectSame(opt.paramGroups[1]!.params, [b]);
    expect(opt.paramGroups[0]!.weightDecay).toBe(0);
    w.sum().add(b.sum()).backward();
    opt.step();
    expect(w.tolistSync()).toEqual([Math.fround(0.9), Math.fround(0.9)]);
    expect(b.tolistSync()).toEqual([Math.fround(1 - Math.fround(0.5) * Math.fround(1 + Math.fround(0.1)))]);
  });

  it('the groups lrs can be changed between steps (what schedulers do)', () => {
    const w = param([1]);
    const opt = new optim.SGD([w], { lr: 0.1 });
    opt.paramGroups[0]!.lr = 0.5;
    w.sum().backward();
    opt.step();
    expect(w.tolistSync()).toEqual([0.5]);
  });

  it('addParamGroup adds parameters that step() then updates', () => {
    const [w, b] = [param([1]), param([2])];
    const opt = new optim.Adam([w], { lr: 0.1, betas: [0.8, 0.9] });
    opt.addParamGroup({ params: [b], lr: 0.01 });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.01, betas: [0.8, 0.9], eps: 1e-8 });
    expect(opt.paramGroups[1]!.betas).not.toBe(opt.paramGroups[0]!.betas);
    w.add(b).sum().backward();
    opt.step();
    expect(b.itemSync()).toBeCloseTo(1.99, 6);
    expect(() => opt.addParamGroup({ params: [w] })).toThrow(/some parameters appear in more than one parameter group/);
  });

  it('accepts any iterable: a generator like model.parameters(), a Set', () => {
    const ps = [param([1]), param([2])];
    function* parameters() {
      yield* ps;
    }
    expectSame(new optim.SGD(parameters(), { lr: 1 }).paramGroups[0]!.params, ps);
    expectSame(new optim.SGD([{ params: new Set(ps) }], { lr: 1 }).paramGroups[0]!.params, ps);
  });

  it('warns about a duplicate parameter in a group, as PyTorch', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const w = param([1]);
      new optim.SGD([w, w], { lr: 1 });
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/duplicate parameters/));
    } finally {
      warn.mockRestore();
    }
  });

  it('AdamW defaults to weightDecay 1e-2, RMSprop to lr 1e-2 and alpha 0.99', () => {
    expect(new optim.AdamW([param([1])]).defaults).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false });
    expect(new optim.RMSprop([param([1])]).defaults).toEqual({ lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false });
  });
});
