// Tracked in-place writes, with values from PyTorch 1.13.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '../src/index';
import * as torch from '@x/tensor';

describe('tracked in-place ops', () => {
  it('the seed example: y = x.pow(2) at 2, x.grad is 4', () => {
    const x = torch.tensor(2.0, { requiresGrad: true });
    const y = x.pow(2);
    y.backward();
    expect(x.grad?.itemSync()).toBe(4);
    expect(y.gradFn?.name).toBe('PowBackward0');
  });

  it('an in-place op keeps the values its own gradient needs (b.mul_(a))', () => {
    // a = torch.ones(3, requires_grad=True); b = a * 2; b.mul_(a); b.sum().backward() -> a.grad = [4, 4, 4]
    const a = torch.ones(3, { requiresGrad: true });
    const b = a.mul(2);
    b.mul_(a);
    expect(b.gradFn?.name).toBe('MulBackward0');
    b.sum().backward();
    expect(a.grad?.tolistSync()).toEqual([4, 4, 4]);
  });

  it('x.set([mask], value) is tracked for x and value (y[y < 0] = v * 2)', () => {
    // x.grad = [1, 0, 3], v.grad = 4, y.grad_fn = IndexPutBackward0
    const x = torch.tensor([1, -2, 3], { dtype: 'float32', requiresGrad: true });
    const v = torch.tensor(5, { dtype: 'float32', requiresGrad: true });
    const y = x.mul(1);
    y.set([y.lt(0)], v.mul(2));
    expect(y.gradFn?.name).toBe('IndexPutBackward0');
    expect(y.tolistSync()).toEqual([1, 10, 3]);
    y.mul(torch.tensor([1, 2, 3], { dtype: 'float32' })).sum().backward();
    expect(x.grad?.tolistSync()).toEqual([1, 0, 3]);
    expect(v.grad?.itemSync()).toBe(4);
  });

  it('set of a tracked slice with a tracked tensor value', async () => {
    const x = torch.zeros([2, 3], { requiresGrad: true });
    const w = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    const y = x.add(1);
    await y.setAsync([1], w.mul(w));
    y.sum().backward();
    expect(x.grad?.tolistSync()).toEqual([[1, 1, 1], [0, 0, 0]]);
    expect(w.grad?.tolistSync()).toEqual([2, 4, 6]);
  });

  it('an untracked in-place write into a tensor saved for backward is still detected', () => {
    const w = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const x = torch.tensor([3, 4], { dtype: 'float32' });
    const y = x.mul(w); // saves x for w's gradient
    x.add_(1);
    expect(() => y.sum().backward()).toThrow(/modified by an inplace operation/);
  });
});
