// torch.unique (values checked against PyTorch 1.13), sync on the CPU and async on any device.
import { describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';

describe('unique', () => {
  it('sorted values, inverse and counts', () => {
    const x = torch.tensor([[3, 1, 2], [3, 1, 7]]);
    expect(x.unique().tolistSync()).toEqual([1, 2, 3, 7]);
    const [values, inverse, counts] = torch.unique(x, { returnInverse: true, returnCounts: true });
    expect(values!.tolistSync()).toEqual([1, 2, 3, 7]);
    expect(inverse!.tolistSync()).toEqual([[2, 0, 1], [2, 0, 3]]);
    expect(counts!.tolistSync()).toEqual([2, 1, 2, 1]);
    expect(values!.dtype).toBe('int64');
    expect(inverse!.dtype).toBe('int64');
  });

  // PyTorch 1.13 returns [1, nan, nan, 2.5] with counts [1, 0, 0, 2] here (a bug fixed in 2.x, which
  // gives what we give: NaNs sorted last, each its own value).
  it('keeps NaNs distinct and sorted last', () => {
    const [values, counts] = torch.tensor([2.5, NaN, 1.0, 2.5, NaN]).unique({ returnCounts: true });
    expect(values!.tolistSync()).toEqual([1, 2.5, NaN, NaN]);
    expect(counts!.tolistSync()).toEqual([1, 2, 1, 1]);
  });

  it('empty and bool inputs', () => {
    const [v, inv, c] = torch.tensor([], { dtype: 'float32' }).unique({ returnInverse: true, returnCounts: true });
    expect(v!.shape).toEqual([0]);
    expect(inv!.shape).toEqual([0]);
    expect(c!.shape).toEqual([0]);
    expect(torch.tensor([true, false, true]).unique().tolistSync()).toEqual([false, true]);
  });

  it('async form, and the dim option on a 1-d tensor', async () => {
    const x = torch.tensor([5, 5, 4]);
    expect(await (await x.uniqueAsync()).tolist()).toEqual([4, 5]);
    // torch.unique(torch.tensor([5, 5, 4]), dim=0) -> tensor([4, 5])
    expect(x.unique({ dim: 0 }).tolistSync()).toEqual([4, 5]);
  });
});
