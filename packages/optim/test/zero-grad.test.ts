// zeroGrad(): setToNone (the default, as PyTorch 2) makes grads null; { setToNone: false } zeroes them
// in place; step() skips parameters without a gradient, and writes parameters in place.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as optim from '../src/index';

const setup = () => {
  const a = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
  const b = torch.tensor([3, 4], { dtype: 'float32', requiresGrad: true });
  const unused = torch.tensor([5], { dtype: 'float32', requiresGrad: true });
  a.mul(b).sum().backward();
  return { a, b, unused };
};

describe('zeroGrad', () => {
  it('sets every gradient to null by default', () => {
    const { a, b, unused } = setup();
    const opt = new optim.SGD([a, b, unused], { lr: 0.1 });
    expect(a.grad).not.toBeNull();
    opt.zeroGrad();
    expect(a.grad).toBeNull();
    expect(b.grad).toBeNull();
    expect(unused.grad).toBeNull();
  });

  it('{ setToNone: true } is the same', () => {
    const { a, b } = setup();
    new optim.SGD([a, b], { lr: 0.1 }).zeroGrad({ setToNone: true });
    expect(a.grad).toBeNull();
  });

  it('{ setToNone: false } zeroes the same gradient tensors in place', () => {
    const { a, b, unused } = setup();
    const gradA = a.grad!;
    new optim.SGD([a, b, unused], { lr: 0.1 }).zeroGrad({ setToNone: false });
    expect(a.grad).toBe(gradA);
    expect(a.grad!.tolistSync()).toEqual([0, 0]);
    expect(b.grad!.tolistSync()).toEqual([0, 0]);
    expect(unused.grad).toBeNull();
  });

  it('{ setToNone: false } detaches a gradient that has a graph (backward with createGraph)', () => {
    const x = torch.tensor([2], { dtype: 'float32', requiresGrad: true });
    x.mul(x).sum().backward(undefined, { createGraph: true });
    expect(x.grad!.requiresGrad).toBe(true);
    new optim.SGD([x], { lr: 0.1 }).zeroGrad({ setToNone: false });
    expect(x.grad!.requiresGrad).toBe(false);
    expect(x.grad!.gradFn).toBeNull();
    expect(x.grad!.tolistSync()).toEqual([0]);
  });

  it('gradients accumulate without zeroGrad, as in PyTorch', () => {
    const { a, b } = setup();
    a.mul(b).sum().backward();
    expect(a.grad!.tolistSync()).toEqual([6, 8]);
  });
});

describe('step', () => {
  it('writes parameters in place: the same leaf tensors, still requiring grad', () => {
    const { a, b } = setup();
    const storage = a.storage;
    const opt = new optim.Adam([a, b], { lr: 0.1 });
    opt.step();
    expect(a.storage).toBe(storage);
    expect(a.isLeaf).toBe(true);
    expect(a.requiresGrad).toBe(true);
    expect(a.gradFn).toBeNull();
    expect(a.tolistSync()).not.toEqual([1, 2]);
  });

  it('skips parameters without a gradient and keeps no state for them', () => {
    const { a, b, unused } = setup();
    for (const opt of [
      new optim.SGD([a, b, unused], { lr: 0.1, momentum: 0.9 }),
      new optim.Adam([a, b, unused]),
      new optim.AdamW([a, b, unused]),
      new optim.RMSprop([a, b, unused]),
    ]) {
      opt.step();
      expect(unused.tolistSync()).toEqual([5]);
      expect(opt.state.has(unused)).toBe(false);
      expect(opt.state.has(a)).toBe(true);
    }
  });

  it('runs a closure with grad enabled and returns its loss', () => {
    const w = torch.tensor([3], { dtype: 'float32', requiresGrad: true });
    const opt = new optim.SGD([w], { lr: 0.25 });
    const loss = torch.noGrad(() =>
      opt.step(() => {
        opt.zeroGrad();
        const l = w.mul(w).sum();
        l.backward();
        return l;
      }),
    );
    expect(loss!.itemSync()).toBe(9);
    expect(w.tolistSync()).toEqual([1.5]); // 3 - 0.25 * 6
  });

  it('refuses an async closure rather than update before it finishes', () => {
    const w = torch.tensor([3], { dtype: 'float32', requiresGrad: true });
    const opt = new optim.SGD([w], { lr: 0.25 });
    expect(() => opt.step(async () => 1)).toThrow(/the closure returned a Promise/);
  });

  it('does not record the update in the autograd graph', () => {
    const { a, b } = setup();
    new optim.SGD([a, b], { lr: 0.1, momentum: 0.9, weightDecay: 0.1 }).step();
    const y = a.mul(2).sum();
    y.backward();
    expect(a.grad!.tolistSync()).toEqual([5, 6]); // 3,4 from before + 2
  });
});
