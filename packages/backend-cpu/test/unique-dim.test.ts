// x.unique({ dim }): unique slices along a dim, checked against PyTorch 1.13 (each expected value is
// the output of the torch call in the comment above it), sync on the CPU and through the async form.
import { describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import type { Tensor } from '@x/tensor';

const all = { returnInverse: true, returnCounts: true } as const;
const lists = (ts: Tensor[]) => ts.map((t) => t.tolistSync());

describe('unique with dim', () => {
  it('2-d, dim 0 and dim 1, with duplicates', () => {
    const x = torch.tensor([[1, 2, 3], [0, 5, 1], [1, 2, 3], [0, 4, 9]]);
    // torch.unique(torch.tensor([[1, 2, 3], [0, 5, 1], [1, 2, 3], [0, 4, 9]]), dim=0)
    const v = x.unique({ dim: 0 });
    expect(v.shape).toEqual([3, 3]);
    expect(v.dtype).toBe('int64');
    expect(v.tolistSync()).toEqual([[0, 4, 9], [0, 5, 1], [1, 2, 3]]);
    // torch.unique(torch.tensor([[1, 2, 3], [0, 5, 1], [1, 2, 3], [0, 4, 9]]), dim=0, return_inverse=True, return_counts=True)
    const [values, inverse, counts] = torch.unique(x, { dim: 0, ...all });
    expect(lists([values!, inverse!, counts!])).toEqual([[[0, 4, 9], [0, 5, 1], [1, 2, 3]], [2, 1, 2, 0], [1, 1, 2]]);
    expect([inverse!.dtype, counts!.dtype]).toEqual(['int64', 'int64']);

    // torch.unique(torch.tensor([[3, 1, 3, 1], [2, 0, 2, 5]]), dim=1, return_inverse=True, return_counts=True)
    const y = torch.tensor([[3, 1, 3, 1], [2, 0, 2, 5]]);
    const r = y.unique({ dim: 1, ...all });
    expect(lists(r)).toEqual([[[1, 1, 3], [0, 5, 2]], [2, 0, 2, 1], [1, 1, 2]]);
    // The values are a dim-0 result moved to dim 1, as PyTorch's (strides (1, 2) there too).
    expect(r[0]!.shape).toEqual([2, 3]);
    expect(r[0]!.strides).toEqual([1, 2]);
    // torch.unique(torch.tensor([[3, 1, 3, 1], [2, 0, 2, 5]]), dim=-2, return_inverse=True)
    expect(lists(y.unique({ dim: -2, returnInverse: true }))).toEqual([[[2, 0, 2, 5], [3, 1, 3, 1]], [1, 0]]);
  });

  it('3-d, dim 1 and dim -1', () => {
    // torch.unique(torch.tensor([[[1, 2], [0, 0], [1, 2]], [[3, 4], [9, 9], [3, 4]]]), dim=1, return_inverse=True, return_counts=True)
    const a = torch.tensor([[[1, 2], [0, 0], [1, 2]], [[3, 4], [9, 9], [3, 4]]]);
    const ra = a.unique({ dim: 1, ...all });
    expect(ra[0]!.shape).toEqual([2, 2, 2]);
    expect(lists(ra)).toEqual([[[[0, 0], [1, 2]], [[9, 9], [3, 4]]], [1, 0, 1], [1, 2]]);
    // torch.unique(torch.tensor([[[1, 2, 1], [0, 0, 0]], [[3, 4, 3], [9, 8, 9]]]), dim=-1, return_inverse=True, return_counts=True)
    const b = torch.tensor([[[1, 2, 1], [0, 0, 0]], [[3, 4, 3], [9, 8, 9]]]);
    const rb = b.unique({ dim: -1, ...all });
    expect(lists(rb)).toEqual([[[[1, 2], [0, 0]], [[3, 4], [9, 8]]], [0, 1, 0], [2, 1]]);
    expect(rb[0]!.strides).toEqual([1, 2, 4]);
  });

  it('compares slices in the order of x with dims 0 and dim swapped, as PyTorch', () => {
    // x[:, :, 0] = [[0, 1], [0, 0]] and x[:, :, 1] = [[0, 0], [1, 0]]. PyTorch reads each slice through
    // x.transpose(0, dim), so slice 0 is [0, 0, 1, 0] and slice 1 is [0, 1, 0, 0]: slice 0 comes first.
    // x = torch.zeros(2, 2, 2, dtype=torch.int64); x[:, :, 0] = torch.tensor([[0, 1], [0, 0]]); x[:, :, 1] = torch.tensor([[0, 0], [1, 0]])
    const x = torch.tensor([[[0, 0], [1, 0]], [[0, 1], [0, 0]]]);
    // torch.unique(x, dim=2, return_inverse=True, return_counts=True), and the same for dim=-1 (strides (1, 2, 4))
    for (const dim of [2, -1]) {
      const r = x.unique({ dim, ...all });
      expect(lists(r)).toEqual([[[[0, 0], [1, 0]], [[0, 1], [0, 0]]], [0, 1], [1, 1]]);
      expect(r[0]!.strides).toEqual([1, 2, 4]);
    }
    // The same slices stacked along dim 0 compare in row-major order ([0, 1, 0, 0] and [0, 0, 1, 0]):
    // torch.unique(x.permute(2, 0, 1).contiguous(), dim=0, return_inverse=True, return_counts=True)
    const y = torch.tensor([[[0, 1], [0, 0]], [[0, 0], [1, 0]]]);
    expect(lists(y.unique({ dim: 0, ...all }))).toEqual([[[[0, 0], [1, 0]], [[0, 1], [0, 0]]], [1, 0], [1, 1]]);
  });

  it('1-d input and a single slice', () => {
    // torch.unique(torch.tensor([4, 1, 4, 2, 1]), dim=0, return_inverse=True, return_counts=True)
    expect(lists(torch.tensor([4, 1, 4, 2, 1]).unique({ dim: 0, ...all }))).toEqual([[1, 2, 4], [2, 0, 2, 1, 0], [2, 1, 2]]);
    const x = torch.tensor([[7, 8, 9]]);
    // torch.unique(torch.tensor([[7, 8, 9]]), dim=0, return_inverse=True, return_counts=True)
    expect(lists(x.unique({ dim: 0, ...all }))).toEqual([[[7, 8, 9]], [0], [1]]);
    // torch.unique(torch.tensor([[7, 8, 9]]), dim=1, return_inverse=True, return_counts=True)
    expect(lists(x.unique({ dim: 1, ...all }))).toEqual([[[7, 8, 9]], [0, 1, 2], [1, 1, 1]]);
  });

  it('bool, float and integer dtypes', () => {
    // torch.unique(torch.tensor([[True, False], [False, False], [True, False], [True, True]]), dim=0, return_inverse=True, return_counts=True)
    const b = torch.tensor([[true, false], [false, false], [true, false], [true, true]]).unique({ dim: 0, ...all });
    expect(b[0]!.dtype).toBe('bool');
    expect(lists(b)).toEqual([[[false, false], [true, false], [true, true]], [1, 0, 1, 2], [1, 2, 1]]);
    // torch.unique(torch.tensor([[0.5, -1.0], [0.5, -1.0], [0.5, -2.0], [-3.0, 7.0]], dtype=torch.float32), dim=0, return_inverse=True, return_counts=True)
    const f = torch.tensor([[0.5, -1.0], [0.5, -1.0], [0.5, -2.0], [-3.0, 7.0]], { dtype: 'float32' }).unique({ dim: 0, ...all });
    expect(f[0]!.dtype).toBe('float32');
    expect(lists(f)).toEqual([[[-3, 7], [0.5, -2], [0.5, -1]], [2, 2, 1, 0], [1, 1, 2]]);
    // torch.unique(torch.tensor([[1, 2], [1, 2]], dtype=torch.int32), dim=0, return_counts=True)
    const i = torch.tensor([[1, 2], [1, 2]], { dtype: 'int32' }).unique({ dim: 0, returnCounts: true });
    expect(i[0]!.dtype).toBe('int32');
    expect(lists(i)).toEqual([[[1, 2]], [2]]);
    // torch.unique(torch.tensor([[1, 2], [1, 2]], dtype=torch.uint8), dim=1, return_counts=True)
    expect(lists(torch.tensor([[1, 2], [1, 2]], { dtype: 'uint8' }).unique({ dim: 1, returnCounts: true }))).toEqual([[[1, 2], [1, 2]], [1, 1]]);
    // torch.unique(torch.tensor([[1, 2], [1, 2]], dtype=torch.float64), dim=0, return_inverse=True)
    const d = torch.tensor([[1, 2], [1, 2]], { dtype: 'float64' }).unique({ dim: 0, returnInverse: true });
    expect(d[0]!.dtype).toBe('float64');
    expect(lists(d)).toEqual([[[1, 2]], [0, 0]]);
  });

  it('-0 equals 0, and the first occurrence is kept', () => {
    // torch.unique(torch.tensor([[-0.0, 1.0], [0.0, 1.0]]), dim=0, return_inverse=True, return_counts=True)
    const a = torch.tensor([[-0, 1], [0, 1]], { dtype: 'float32' }).unique({ dim: 0, ...all });
    expect(lists(a)).toEqual([[[-0, 1]], [0, 0], [2]]);
    expect(Object.is((a[0]!.tolistSync() as number[][])[0]![0], -0)).toBe(true);
    // torch.unique(torch.tensor([[0.0, 1.0], [-0.0, 1.0]]), dim=0, return_inverse=True, return_counts=True)
    const b = torch.tensor([[0, 1], [-0, 1]], { dtype: 'float32' }).unique({ dim: 0, ...all });
    expect(lists(b)).toEqual([[[0, 1]], [0, 0], [2]]);
    expect(Object.is((b[0]!.tolistSync() as number[][])[0]![0], 0)).toBe(true);
  });

  it('a slice holding NaN differs from every other slice', () => {
    // torch.unique(torch.tensor([[1.0, nan], [1.0, nan], [0.0, 1.0]]), dim=0, return_inverse=True, return_counts=True)
    const a = torch.tensor([[1, NaN], [1, NaN], [0, 1]]).unique({ dim: 0, ...all });
    expect(lists(a)).toEqual([[[0, 1], [1, NaN], [1, NaN]], [1, 2, 0], [1, 1, 1]]);
    // torch.unique(torch.tensor([[nan], [nan]]), dim=0, return_inverse=True, return_counts=True)
    const b = torch.tensor([[NaN], [NaN]]).unique({ dim: 0, ...all });
    expect(lists(b)).toEqual([[[NaN], [NaN]], [0, 1], [1, 1]]);
    // PyTorch 1.13 gives [[nan, 1], [0, 1], [nan, 1]] with inverse [0, 1, 2] for this one: its row
    // comparator treats NaN as neither less nor greater than anything, so where NaN-holding rows land
    // is up to its sort's algorithm. Here NaN sorts as the largest value (as in sort and in the
    // flattened unique); the slices are the same three distinct ones with the same counts.
    const c = torch.tensor([[NaN, 1], [0, 1], [NaN, 1]]).unique({ dim: 0, ...all });
    expect(lists(c)).toEqual([[[0, 1], [NaN, 1], [NaN, 1]], [1, 0, 2], [1, 1, 1]]);
  });

  it('a non-contiguous (transposed) input', () => {
    const x = torch.tensor([[1, 2, 3], [1, 0, 3], [1, 2, 3]]).t();
    expect(x.isContiguous()).toBe(false);
    // torch.unique(torch.tensor([[1, 2, 3], [1, 0, 3], [1, 2, 3]]).t(), dim=0, return_inverse=True, return_counts=True)
    expect(lists(x.unique({ dim: 0, ...all }))).toEqual([[[1, 1, 1], [2, 0, 2], [3, 3, 3]], [0, 1, 2], [1, 1, 1]]);
    // torch.unique(torch.tensor([[1, 2, 3], [1, 0, 3], [1, 2, 3]]).t(), dim=1, return_inverse=True, return_counts=True)
    expect(lists(x.unique({ dim: 1, ...all }))).toEqual([[[1, 1], [0, 2], [3, 3]], [1, 0, 1], [1, 2]]);
  });

  it('empty inputs', () => {
    // torch.unique(torch.zeros(0, 3), dim=0, return_inverse=True, return_counts=True): shapes [0, 3], [0], [0]
    const a = torch.zeros([0, 3]).unique({ dim: 0, ...all });
    expect(a.map((t) => t.shape)).toEqual([[0, 3], [0], [0]]);
    expect(a.map((t) => t.dtype)).toEqual(['float32', 'int64', 'int64']);
    // torch.unique(torch.zeros(2, 0), dim=1, return_inverse=True, return_counts=True): shapes [2, 0], [0], [0]
    expect(torch.zeros([2, 0]).unique({ dim: 1, ...all }).map((t) => t.shape)).toEqual([[2, 0], [0], [0]]);
    // torch.unique(torch.zeros(0), dim=0, return_inverse=True, return_counts=True): shapes [0], [0], [0]
    expect(torch.zeros([0]).unique({ dim: 0, ...all }).map((t) => t.shape)).toEqual([[0], [0], [0]]);
    // torch.unique(torch.zeros(2, 0), dim=0) -> RuntimeError: There are 0 sized dimensions, and they aren't selected, so unique cannot be applied
    expect(() => torch.zeros([2, 0]).unique({ dim: 0 })).toThrow(/unique: There are 0 sized dimensions, and they aren't selected.*\[2, 0\]/);
    // torch.unique(torch.zeros(0, 3), dim=1) -> the same RuntimeError
    expect(() => torch.zeros([0, 3]).unique({ dim: 1 })).toThrow(/There are 0 sized dimensions, and they aren't selected/);
    // torch.unique(torch.zeros(0, 0), dim=0) -> RuntimeError: Number of zero sized dimensions is more than one, so unique cannot be applied
    expect(() => torch.zeros([0, 0]).unique({ dim: 0 })).toThrow(/unique: Number of zero sized dimensions is more than one/);
  });

  it('dims out of range, and a 0-d input', () => {
    // torch.unique(torch.zeros(2, 3), dim=2) -> IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)
    expect(() => torch.zeros([2, 3]).unique({ dim: 2 })).toThrow(RangeError);
    expect(() => torch.zeros([2, 3]).unique({ dim: 2 })).toThrow(/unique: dimension out of range \(expected to be in range of \[-2, 1\], but got 2\).*shape \[2, 3\]/);
    // torch.unique(torch.zeros(2, 3), dim=-3) -> IndexError: Dimension out of range (expected to be in range of [-2, 1], but got -3)
    expect(() => torch.zeros([2, 3]).unique({ dim: -3 })).toThrow(/but got -3/);
    // torch.unique(torch.tensor(5.0), dim=0) -> IndexError: Dimension specified as 0 but tensor has no dimensions
    expect(() => torch.tensor(5).unique({ dim: 0 })).toThrow(/unique: dimension specified as 0 but tensor has no dimensions/);
    // torch.unique(torch.tensor(5.0), dim=-1) -> IndexError: Dimension specified as -1 but tensor has no dimensions
    expect(() => torch.tensor(5).unique({ dim: -1 })).toThrow(/dimension specified as -1 but tensor has no dimensions/);
  });

  it('the async form runs the same steps', async () => {
    // torch.unique(torch.tensor([[1, 2, 3], [0, 5, 1], [1, 2, 3], [0, 4, 9]]), dim=0, return_inverse=True, return_counts=True)
    const x = torch.tensor([[1, 2, 3], [0, 5, 1], [1, 2, 3], [0, 4, 9]]);
    const r = await x.uniqueAsync({ dim: 0, ...all });
    expect(await Promise.all(r.map((t) => t.tolist()))).toEqual([[[0, 4, 9], [0, 5, 1], [1, 2, 3]], [2, 1, 2, 0], [1, 1, 2]]);
    // torch.unique(torch.tensor([[3, 1, 3, 1], [2, 0, 2, 5]]), dim=1)
    const v = await torch.tensor([[3, 1, 3, 1], [2, 0, 2, 5]]).uniqueAsync({ dim: 1 });
    expect(await v.tolist()).toEqual([[1, 1, 3], [0, 5, 2]]);
  });
});
