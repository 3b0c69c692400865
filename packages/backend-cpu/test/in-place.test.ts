// In-place ops: PyTorch's cast and shape rules, writes through views, aliasing, version counter.
import { describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';

describe('in-place ops', () => {
  it('refuse results that cannot be cast back, as PyTorch does', () => {
    expect(() => torch.zeros(3, { dtype: 'int64' }).add_(1.5)).toThrow("add_: result type float32 can't be cast to the desired output type int64");
    expect(() => torch.zeros(3, { dtype: 'bool' }).add_(1)).toThrow("result type int64 can't be cast to the desired output type bool");
    expect(torch.zeros(2, { dtype: 'float32' }).add_(torch.tensor([1, 2])).tolistSync()).toEqual([1, 2]);
  });

  it('refuse a broadcast that would change the shape', () => {
    expect(() => torch.zeros(3).add_(torch.ones(2, 3))).toThrow("output with shape [3] doesn't match the broadcast shape [2, 3]");
    expect(torch.zeros(2, 3).add_(torch.ones(3)).sum().itemSync()).toBe(6);
  });

  it('give the out-of-place ops\' values to the bit, written straight into the tensor', () => {
    torch.manualSeed(3);
    const x = torch.randn([5, 7]);
    const y = torch.randn([5, 7]);
    const row = torch.randn([7]);
    const cases: [string, (t: torch.Tensor) => torch.Tensor, torch.Tensor][] = [
      ['add_ alpha', (t) => t.add_(y, { alpha: 0.1 }), x.add(y, { alpha: 0.1 })],
      ['sub_ row', (t) => t.sub_(row), x.sub(row)],
      ['mul_ scalar', (t) => t.mul_(0.9), x.mul(0.9)],
      ['div_ tensor', (t) => t.div_(y), x.div(y)],
      ['add_ through a transposed view', (t) => t.T.add_(y.T).T, x.add(y)],
    ];
    for (const [name, op, want] of cases) {
      const t = x.clone();
      const version = t.storage.version;
      expect(op(t).tolistSync(), name).toEqual(want.tolistSync());
      expect(t.storage.version, name).toBe(version + 1);
    }
  });

  it('write through views into the base', () => {
    const z = torch.arange(6, { dtype: 'float32' }).view(2, 3);
    z.T.mul_(2);
    expect(z.tolistSync()).toEqual([[0, 2, 4], [6, 8, 10]]);
  });

  it('read all inputs before writing when they alias the output', () => {
    const f = torch.arange(4, { dtype: 'float32' });
    f.add_(f.flip(0));
    expect(f.tolistSync()).toEqual([3, 3, 3, 3]);
    const g = torch.arange(4, { dtype: 'float32' });
    g.narrow(0, 1, 3).copy_(g.narrow(0, 0, 3));
    expect(g.tolistSync()).toEqual([0, 0, 1, 2]);
  });

  it('bump the storage version (autograd uses it to detect modified saved tensors)', () => {
    const x = torch.zeros(3);
    const v0 = x.storage.version;
    x.add_(1);
    x.view(3).fill_(2);
    x.set([0], 5);
    expect(x.storage.version).toBe(v0 + 3);
  });
});
