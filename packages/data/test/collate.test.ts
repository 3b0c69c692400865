import '@x/backend-cpu';
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { defaultCollate } from '../src';

describe('defaultCollate', () => {
  it('stacks tensors', () => {
    const b = defaultCollate([torch.tensor([1, 2], { dtype: 'float32' }), torch.tensor([3, 4], { dtype: 'float32' })]) as torch.Tensor;
    expect(b.shape).toEqual([2, 2]);
    expect(b.dtype).toBe('float32');
    expect(b.tolistSync()).toEqual([[1, 2], [3, 4]]);
  });
  it('numbers: integers -> int64, floats -> float64 (as PyTorch for Python floats), booleans -> bool', () => {
    const ints = defaultCollate([1, 2, 3]) as torch.Tensor;
    expect([ints.dtype, ints.tolistSync()]).toEqual(['int64', [1, 2, 3]]);
    const floats = defaultCollate([0.5, 2]) as torch.Tensor;
    expect([floats.dtype, floats.tolistSync()]).toEqual(['float64', [0.5, 2]]);
    const bools = defaultCollate([true, false]) as torch.Tensor;
    expect([bools.dtype, bools.tolistSync()]).toEqual(['bool', [true, false]]);
  });
  it('keeps strings as an array', () => {
    expect(defaultCollate(['a', 'b'])).toEqual(['a', 'b']);
  });
  it('collates nested arrays and objects position by position / key by key', () => {
    const batch = [
      { img: torch.zeros([2]), meta: { id: 1, name: 'a', pair: [0.5, true] } },
      { img: torch.ones([2]), meta: { id: 2, name: 'b', pair: [1.5, false] } },
    ];
    const out = defaultCollate(batch) as { img: torch.Tensor; meta: { id: torch.Tensor; name: string[]; pair: torch.Tensor[] } };
    expect(out.img.tolistSync()).toEqual([[0, 0], [1, 1]]);
    expect(out.meta.id.tolistSync()).toEqual([1, 2]);
    expect(out.meta.name).toEqual(['a', 'b']);
    expect(out.meta.pair[0]!.tolistSync()).toEqual([0.5, 1.5]);
    expect(out.meta.pair[1]!.dtype).toBe('bool');
  });
  it('[x, y] pairs become [stacked x, label tensor]', () => {
    const [x, y] = defaultCollate([[torch.zeros([1, 2]), 3], [torch.ones([1, 2]), 4]]) as [torch.Tensor, torch.Tensor];
    expect(x.shape).toEqual([2, 1, 2]);
    expect([y.dtype, y.tolistSync()]).toEqual(['int64', [3, 4]]);
  });
  it('errors as PyTorch', () => {
    expect(() => defaultCollate([[1, 2], [3]])).toThrow(/each element in list of batch should be of equal size/);
    expect(() => defaultCollate([1, 'a'])).toThrow(/same type/);
    expect(() => defaultCollate([null, null])).toThrow(/found null/);
    expect(() => defaultCollate([torch.zeros([2]), torch.zeros([3])])).toThrow();
  });
});
