// The seed's examples: x = 2 requires grad, y = x^2, dy/dx = 4; and linear regression by hand.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '../src/index';
import * as torch from '@x/tensor';

describe('the seed examples', () => {
  it('y = x.pow(2) at 2 gives x.grad = 4', () => {
    const x = torch.tensor(2.0, { requiresGrad: true });
    const y = x.mul(x);
    y.backward();
    expect(x.grad?.itemSync()).toBe(4);
    expect(y.gradFn?.name).toBe('MulBackward0');
    expect(x.isLeaf).toBe(true);
    expect(y.isLeaf).toBe(false);
  });

  it('linear regression with raw tensors and manual updates under noGrad converges to w≈2, b≈1', () => {
    const X = torch.tensor([[1], [2], [3], [4]], { dtype: 'float32' }); // JS has no 1.0 literal distinct from 1
    const Y = torch.tensor([[3], [5], [7], [9]], { dtype: 'float32' });
    torch.manualSeed(0);
    const w = torch.randn([1, 1], { requiresGrad: true });
    const b = torch.zeros([1], { requiresGrad: true });
    for (let epoch = 0; epoch < 2000; epoch++) {
      const pred = X.matmul(w).add(b);
      const loss = pred.sub(Y).mul(pred.sub(Y)).sum().div(4);
      loss.backward();
      torch.noGrad(() => {
        w.sub_(w.grad!.mul(0.05));
        b.sub_(b.grad!.mul(0.05));
        w.grad!.zero_();
        b.grad!.zero_();
      });
    }
    expect(w.itemSync()).toBeCloseTo(2, 3);
    expect(b.itemSync()).toBeCloseTo(1, 3);
  });
});
