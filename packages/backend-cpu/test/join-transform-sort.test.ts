// cat/stack/split/chunk, repeat/tile/flip/roll/tril/triu, sort/topk/cumsum/cumprod.
// Expected values were computed with PyTorch 1.13.
import { describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import type { Tensor } from '@x/tensor';

const NaN_ = Number.NaN;
// JS cannot tell 3.0 from 3: float tensors of whole numbers need an explicit dtype.
const F32 = { dtype: 'float32' } as const;

function expectTensor(t: Tensor, dtype: torch.DType, shape: number[], values: torch.Nested): void {
  expect(t.dtype).toBe(dtype);
  expect([...t.shape]).toEqual(shape);
  expect(t.tolistSync()).toEqual(values);
}

const a = () => torch.arange(6).view(2, 3);
const b = () => torch.arange(6, 12).view(2, 3);

describe('cat', () => {
  it('joins along dim 0, 1 and -1', () => {
    expectTensor(torch.cat([a(), b()]), 'int64', [4, 3], [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]]);
    expectTensor(torch.cat([a(), b()], 1), 'int64', [2, 6], [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]]);
    expectTensor(torch.concat([a(), b()], -1), 'int64', [2, 6], [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]]);
  });

  it('promotes dtypes across inputs', () => {
    expectTensor(torch.cat([a(), b().float()], -1), 'float32', [2, 6], [[0, 1, 2, 6, 7, 8], [3, 4, 5, 9, 10, 11]]);
    expectTensor(torch.cat([torch.tensor([true, false]), torch.tensor([2], { dtype: 'uint8' })]), 'uint8', [3], [1, 0, 2]);
    expectTensor(torch.cat([torch.tensor([1], { dtype: 'int32' }), torch.tensor([2.5], { dtype: 'float64' })]), 'float64', [2], [1, 2.5]);
  });

  it('reads non-contiguous inputs', () => {
    // torch.cat([a.T, b.T[:, :1]], 1)
    expectTensor(torch.cat([a().T, b().T.narrow(1, 0, 1)], 1), 'int64', [3, 3], [[0, 3, 6], [1, 4, 7], [2, 5, 8]]);
    const e = torch.tensor([1, 2]).expand(2, 2);
    expectTensor(torch.cat([e, a().narrow(1, 1, 2)]), 'int64', [4, 2], [[1, 2], [1, 2], [1, 2], [4, 5]]);
  });

  it('returns a copy, not a view of an input', () => {
    const x = torch.tensor([1, 2]);
    const y = torch.cat([x]);
    y.fill_(7);
    expect(x.tolistSync()).toEqual([1, 2]);
  });

  it('skips legacy 1-D empty tensors and accepts empty dims', () => {
    expectTensor(torch.cat([torch.tensor([], { dtype: 'float64' }), torch.tensor([[1, 2]])]), 'float64', [1, 2], [[1, 2]]);
    expectTensor(torch.cat([torch.tensor([[1, 2]]), torch.tensor([], { dtype: 'float64' })], 1), 'float64', [1, 2], [[1, 2]]);
    // (torch.tensor([]) infers int64 here, float32 in PyTorch: pin the dtype.)
    expectTensor(torch.cat([torch.tensor([], F32), torch.tensor([], F32)]), 'float32', [0], []);
    expect([...torch.cat([torch.zeros(2, 3), torch.zeros(0, 3)]).shape]).toEqual([2, 3]);
    expect([...torch.cat([torch.zeros(0), torch.zeros(0, 3)]).shape]).toEqual([0, 3]);
  });

  it('gives PyTorch errors', () => {
    expect(() => torch.cat([])).toThrow(/expected a non-empty list of Tensors/);
    expect(() => torch.cat([torch.tensor(1), torch.tensor(2)])).toThrow(/zero-dimensional tensor \(at position 0\) cannot be concatenated/);
    expect(() => torch.cat([torch.zeros(2, 3), torch.zeros(2, 4)])).toThrow(
      /Sizes of tensors must match except in dimension 0\. Expected size 3 but got size 4 for tensor number 1 in the list.*\[2, 3\] and \[2, 4\]/,
    );
    expect(() => torch.cat([torch.zeros(2, 3), torch.zeros(2, 3, 1)])).toThrow(/Tensors must have same number of dimensions: got 2 and 3/);
    expect(() => torch.cat([torch.zeros(2, 3), torch.zeros(2, 3)], 2)).toThrow(/expected to be in range of \[-2, 1\], but got 2/);
  });
});

describe('stack', () => {
  it('adds a new dim at 0, 2 and -1', () => {
    expectTensor(torch.stack([a(), b()]), 'int64', [2, 2, 3], [[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]);
    const last = [[[0, 6], [1, 7], [2, 8]], [[3, 9], [4, 10], [5, 11]]];
    expectTensor(torch.stack([a(), b()], 2), 'int64', [2, 3, 2], last);
    expectTensor(torch.stack([a(), b()], -1), 'int64', [2, 3, 2], last);
  });

  it('stacks 0-d tensors with promotion', () => {
    expectTensor(torch.stack([torch.tensor(1), torch.tensor(2.5, F32)]), 'float32', [2], [1, 2.5]);
    expectTensor(torch.stack([torch.tensor([1]), torch.tensor([true])], 1), 'int64', [1, 2], [[1, 1]]);
  });

  it('gives PyTorch errors', () => {
    expect(() => torch.stack([])).toThrow(/stack expects a non-empty TensorList/);
    expect(() => torch.stack([torch.zeros(2), torch.zeros(3)])).toThrow(/stack expects each tensor to be equal size, but got \[2\] at entry 0 and \[3\] at entry 1/);
    expect(() => torch.stack([torch.zeros(2), torch.zeros(2)], 3)).toThrow(/expected to be in range of \[-2, 1\], but got 3/);
  });
});

describe('split and chunk', () => {
  const x = () => torch.arange(10).view(5, 2);

  it('splits by size (last piece smaller), by sections and along -1', () => {
    const p = torch.split(x(), 2);
    expect(p.map((t) => t.tolistSync())).toEqual([[[0, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9]]]);
    expect(x().split([1, 4]).map((t) => t.tolistSync())).toEqual([[[0, 1]], [[2, 3], [4, 5], [6, 7], [8, 9]]]);
    expect(x().split(1, -1).map((t) => t.tolistSync())).toEqual([[[0], [2], [4], [6], [8]], [[1], [3], [5], [7], [9]]]);
  });

  it('chunks as PyTorch: ceil(size / chunks), possibly fewer chunks', () => {
    expect(torch.chunk(x(), 3).map((t) => t.tolistSync())).toEqual([[[0, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9]]]);
    expect(torch.arange(6).chunk(4).map((t) => [...t.shape])).toEqual([[2], [2], [2]]);
    expect(torch.arange(5).chunk(4).map((t) => [...t.shape])).toEqual([[2], [2], [1]]);
    expect(torch.zeros(0).chunk(3).map((t) => [...t.shape])).toEqual([[0], [0], [0]]);
    expect(torch.zeros(0).split(2).map((t) => [...t.shape])).toEqual([[0]]);
    expect(torch.zeros(0).split(0).map((t) => [...t.shape])).toEqual([[0]]);
  });

  it('returns views sharing storage', () => {
    const base = x();
    const [first, second] = base.split(2);
    first!.fill_(-1);
    expect(base.tolistSync()).toEqual([[-1, -1], [-1, -1], [4, 5], [6, 7], [8, 9]]);
    base.narrow(0, 2, 1).fill_(42);
    expect(second!.tolistSync()).toEqual([[42, 42], [6, 7]]);
    const cols = base.chunk(2, 1);
    cols[1]!.fill_(0);
    expect(base.tolistSync()).toEqual([[-1, 0], [-1, 0], [42, 0], [6, 0], [8, 0]]);
    expect(cols[0]!.storage).toBe(base.storage);
  });

  it('gives PyTorch errors', () => {
    expect(() => torch.zeros(3).split(0)).toThrow(/split_size can only be 0 if dimension size is 0, but got dimension size of 3/);
    expect(() => torch.zeros(3).split(-1)).toThrow(/split expects split_size be non-negative, but got split_size=-1/);
    expect(() => torch.zeros(3).split([1, 1])).toThrow(/split_with_sizes expects split_sizes to sum exactly to 3 \(input tensor's size at dimension 0\), but got split_sizes=\[1, 1\]/);
    expect(() => torch.zeros(3).split([4, -1])).toThrow(/split_with_sizes expects split_sizes have only non-negative entries/);
    expect(() => torch.tensor(3).split(1)).toThrow(/split expects at least a 1-dimensional tensor/);
    expect(() => torch.tensor(3).chunk(1)).toThrow(/chunk expects at least a 1-dimensional tensor/);
    expect(() => torch.zeros(3).chunk(0)).toThrow(/chunk expects `chunks` to be greater than 0, got: 0/);
  });
});

describe('repeat and tile', () => {
  const m = () => torch.tensor([[1, 2], [3, 4]]);

  it('repeats, adding leading dims', () => {
    expectTensor(m().repeat(2, 3), 'int64', [4, 6], [[1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4], [1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4]]);
    expectTensor(torch.tensor([1, 2]).repeat([2, 1, 2]), 'int64', [2, 1, 4], [[[1, 2, 1, 2]], [[1, 2, 1, 2]]]);
    expectTensor(m().T.repeat(1, 2), 'int64', [2, 4], [[1, 3, 1, 3], [2, 4, 2, 4]]);
    expectTensor(torch.tensor([1, 2]).repeat(0, 2), 'int64', [0, 4], []);
    expectTensor(torch.tensor(3, F32).repeat(2, 2), 'float32', [2, 2], [[3, 3], [3, 3]]);
    expectTensor(torch.zeros(0, 2).repeat(2, 2), 'float32', [0, 4], []);
  });

  it('always copies, even with all ones', () => {
    const x = m();
    const r = x.repeat(1, 1);
    r.fill_(0);
    expect(x.tolistSync()).toEqual([[1, 2], [3, 4]]);
    const s = torch.tensor(3, F32).repeat([]);
    expect(s.storage).not.toBe(x.storage);
    expectTensor(s, 'float32', [], 3);
  });

  it('tile pads dims with leading ones either way', () => {
    expectTensor(torch.tile(m(), [2]), 'int64', [2, 4], [[1, 2, 1, 2], [3, 4, 3, 4]]);
    expectTensor(torch.tensor([1, 2]).tile(2, 2), 'int64', [2, 4], [[1, 2, 1, 2], [1, 2, 1, 2]]);
  });

  it('gives PyTorch errors', () => {
    expect(() => torch.zeros(2, 3).repeat(2)).toThrow(/Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor/);
    expect(() => torch.zeros(2, 3).repeat(2, -1)).toThrow(/Trying to create tensor with negative dimension -3: \[4, -3\]/);
  });
});

describe('flip', () => {
  const y = () => torch.arange(24).view(2, 3, 4);

  it('flips one, several and all dims, with negative dims', () => {
    expectTensor(y().flip(0), 'int64', [2, 3, 4], [[[12, 13, 14, 15], [16, 17, 18, 19], [20, 21, 22, 23]], [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]]);
    expectTensor(torch.flip(y(), [-1, 1]), 'int64', [2, 3, 4], [[[11, 10, 9, 8], [7, 6, 5, 4], [3, 2, 1, 0]], [[23, 22, 21, 20], [19, 18, 17, 16], [15, 14, 13, 12]]]);
    expectTensor(y().flip(0, 1, 2), 'int64', [2, 3, 4], [[[23, 22, 21, 20], [19, 18, 17, 16], [15, 14, 13, 12]], [[11, 10, 9, 8], [7, 6, 5, 4], [3, 2, 1, 0]]]);
  });

  it('reads non-contiguous inputs and returns a contiguous copy', () => {
    const t = y().transpose(0, 2).flip(0);
    expectTensor(t, 'int64', [4, 3, 2], [[[3, 15], [7, 19], [11, 23]], [[2, 14], [6, 18], [10, 22]], [[1, 13], [5, 17], [9, 21]], [[0, 12], [4, 16], [8, 20]]]);
    expect(t.isContiguous()).toBe(true);
    expect(t.strides.every((s) => s >= 0)).toBe(true);
    // y[:, 1:3, 1:3]
    const sliced = y().narrow(2, 1, 2).narrow(1, 1, 2);
    expectTensor(sliced.flip(1, 2), 'int64', [2, 2, 2], [[[10, 9], [6, 5]], [[22, 21], [18, 17]]]);
    const src = torch.tensor([1, 2, 3]);
    const f = src.flip(0);
    f.fill_(0);
    expect(src.tolistSync()).toEqual([1, 2, 3]);
  });

  it('handles 0-d, empty and no dims', () => {
    expectTensor(torch.tensor(3, F32).flip(0), 'float32', [], 3);
    expectTensor(torch.zeros(0, 3).flip(0), 'float32', [0, 3], []);
    expectTensor(torch.tensor([1, 2]).flip([]), 'int64', [2], [1, 2]);
    expectTensor(torch.tensor([true, false, false]).flip(0), 'bool', [3], [false, false, true]);
  });

  it('gives PyTorch errors', () => {
    expect(() => torch.tensor([1, 2]).flip(0, 0)).toThrow(/dim 0 appears multiple times in the list of dims/);
    expect(() => torch.tensor([1, 2]).flip(1)).toThrow(/expected to be in range of \[-1, 0\], but got 1/);
  });
});

describe('roll', () => {
  const r = () => torch.arange(10).view(2, 5);

  it('rolls the flattened tensor without dims', () => {
    expectTensor(r().roll(2), 'int64', [2, 5], [[8, 9, 0, 1, 2], [3, 4, 5, 6, 7]]);
    expectTensor(r().T.roll(3), 'int64', [5, 2], [[8, 4], [9, 0], [5, 1], [6, 2], [7, 3]]);
    expectTensor(torch.roll(torch.tensor([1, 2, 3]), 1, []), 'int64', [3], [3, 1, 2]);
    expectTensor(torch.tensor(3, F32).roll(1), 'float32', [], 3);
  });

  it('rolls along dims, negative shifts and dims, shifts larger than the size', () => {
    expectTensor(r().roll(-1, 1), 'int64', [2, 5], [[1, 2, 3, 4, 0], [6, 7, 8, 9, 5]]);
    expectTensor(torch.roll(r(), [1, 7], [0, -1]), 'int64', [2, 5], [[8, 9, 5, 6, 7], [3, 4, 0, 1, 2]]);
    expectTensor(r().T.roll(1, 0), 'int64', [5, 2], [[4, 9], [0, 5], [1, 6], [2, 7], [3, 8]]);
    // A dim given twice rolls twice.
    expectTensor(torch.arange(6).view(2, 3).roll([1, 1], [1, 1]), 'int64', [2, 3], [[1, 2, 0], [4, 5, 3]]);
    expectTensor(torch.zeros(0, 3).roll(1, 0), 'float32', [0, 3], []);
  });

  it('gives PyTorch errors', () => {
    expect(() => torch.roll(torch.tensor([1, 2, 3]), [1, 2])).toThrow(/shifts and dimensions must align\. shifts: 2, dims:0/);
    expect(() => torch.roll(torch.tensor([1, 2, 3]), [1, 2], [0])).toThrow(/shifts and dimensions must align\. shifts: 2, dims:1/);
    expect(() => torch.tensor(3, F32).roll(1, 0)).toThrow(/Dimension specified as 0 but tensor has no dimensions/);
  });
});

describe('tril and triu', () => {
  const m = () => torch.arange(1, 13).view(3, 4);

  it('keep the lower / upper triangle for any diagonal', () => {
    expectTensor(m().tril(), 'int64', [3, 4], [[1, 0, 0, 0], [5, 6, 0, 0], [9, 10, 11, 0]]);
    expectTensor(torch.tril(m(), 1), 'int64', [3, 4], [[1, 2, 0, 0], [5, 6, 7, 0], [9, 10, 11, 12]]);
    expectTensor(m().tril(-1), 'int64', [3, 4], [[0, 0, 0, 0], [5, 0, 0, 0], [9, 10, 0, 0]]);
    expectTensor(m().triu(), 'int64', [3, 4], [[1, 2, 3, 4], [0, 6, 7, 8], [0, 0, 11, 12]]);
    expectTensor(torch.triu(m(), 1), 'int64', [3, 4], [[0, 2, 3, 4], [0, 0, 7, 8], [0, 0, 0, 12]]);
    expectTensor(m().triu(-1), 'int64', [3, 4], [[1, 2, 3, 4], [5, 6, 7, 8], [0, 10, 11, 12]]);
  });

  it('are batched over leading dims and read non-contiguous input', () => {
    expectTensor(torch.arange(1, 9).view(2, 2, 2).float().triu(), 'float32', [2, 2, 2], [[[1, 2], [0, 4]], [[5, 6], [0, 8]]]);
    expectTensor(m().T.tril(), 'int64', [4, 3], [[1, 0, 0], [2, 6, 0], [3, 7, 11], [4, 8, 12]]);
  });

  it('keep the dtype (bool too) and handle empty matrices', () => {
    expectTensor(torch.ones(2, 3, { dtype: 'bool' }).tril(), 'bool', [2, 3], [[true, false, false], [true, true, false]]);
    expectTensor(torch.zeros(0, 3).tril(), 'float32', [0, 3], []);
  });

  it('need at least 2 dims', () => {
    expect(() => torch.tensor([1, 2]).tril()).toThrow(/tril: input tensor must have at least 2 dimensions/);
    expect(() => torch.tensor(1).triu()).toThrow(/triu: input tensor must have at least 2 dimensions/);
  });
});

describe('sort and topk', () => {
  const s = () => torch.tensor([[3, NaN_, 1, 2], [0, -1, NaN_, 5]]);

  it('sorts with NaN as the largest value', () => {
    const [v, i] = s().sort();
    expectTensor(v, 'float32', [2, 4], [[1, 2, 3, NaN_], [-1, 0, 5, NaN_]]);
    expectTensor(i, 'int64', [2, 4], [[2, 3, 0, 1], [1, 0, 3, 2]]);
    const d = torch.sort(s(), -1, true);
    expectTensor(d.values, 'float32', [2, 4], [[NaN_, 3, 2, 1], [NaN_, 5, 0, -1]]);
    expectTensor(d.indices, 'int64', [2, 4], [[1, 0, 3, 2], [2, 3, 0, 1]]);
    const z = s().sort(0);
    expectTensor(z.values, 'float32', [2, 4], [[0, -1, 1, 2], [3, NaN_, NaN_, 5]]);
    expectTensor(z.indices, 'int64', [2, 4], [[1, 1, 0, 0], [0, 0, 1, 1]]);
  });

  it('is stable, for int dtypes and non-contiguous input', () => {
    const st = torch.tensor([2, 1, 2, 1, 0]).sort();
    expectTensor(st.values, 'int64', [5], [0, 1, 1, 2, 2]);
    expectTensor(st.indices, 'int64', [5], [4, 1, 3, 0, 2]);
    const sd = torch.tensor([2, 1, 2, 1, 0]).sort(0, true, { stable: true });
    expectTensor(sd.indices, 'int64', [5], [0, 2, 1, 3, 4]);
    const t = torch.tensor([[5, 1], [2, 4], [3, 0]], { dtype: 'int32' }).T.sort();
    expectTensor(t.values, 'int32', [2, 3], [[2, 3, 5], [0, 1, 4]]);
    expectTensor(t.indices, 'int64', [2, 3], [[1, 2, 0], [2, 0, 1]]);
    expectTensor(torch.argsort(torch.tensor([3, 1, 2], F32)), 'int64', [3], [1, 2, 0]);
  });

  it('handles 0-d and empty tensors', () => {
    const [v, i] = torch.tensor(3, F32).sort();
    expectTensor(v, 'float32', [], 3);
    expectTensor(i, 'int64', [], 0);
    const e = torch.zeros(2, 0).sort();
    expectTensor(e.values, 'float32', [2, 0], [[], []]);
    expectTensor(e.indices, 'int64', [2, 0], [[], []]);
    expect(() => torch.tensor(3, F32).sort(1)).toThrow(/expected to be in range of \[-1, 0\], but got 1/);
  });

  it('topk: largest / smallest, NaN, dims, ints', () => {
    const v = torch.tensor([1, 5, 3, 4, 2], { dtype: 'float32' });
    const t = v.topk(3);
    expectTensor(t.values, 'float32', [3], [5, 4, 3]);
    expectTensor(t.indices, 'int64', [3], [1, 3, 2]);
    const lo = torch.topk(v, 2, -1, false);
    expectTensor(lo.values, 'float32', [2], [1, 2]);
    expectTensor(lo.indices, 'int64', [2], [0, 4]);
    const n = s().topk(2);
    expectTensor(n.values, 'float32', [2, 2], [[NaN_, 3], [NaN_, 5]]);
    expectTensor(n.indices, 'int64', [2, 2], [[1, 0], [2, 3]]);
    const ns = s().topk(2, -1, false);
    expectTensor(ns.values, 'float32', [2, 2], [[1, 2], [-1, 0]]);
    expectTensor(ns.indices, 'int64', [2, 2], [[2, 3], [1, 0]]);
    const d0 = s().topk(1, 0);
    expectTensor(d0.values, 'float32', [1, 4], [[3, NaN_, NaN_, 5]]);
    expectTensor(d0.indices, 'int64', [1, 4], [[0, 0, 1, 1]]);
    const ints = torch.tensor([[1, 9, 3], [7, 2, 8]], { dtype: 'int32' }).topk(2);
    expectTensor(ints.values, 'int32', [2, 2], [[9, 3], [8, 7]]);
    expectTensor(ints.indices, 'int64', [2, 2], [[1, 2], [2, 0]]);
    expect(ints.values.isContiguous()).toBe(true);
    const unsorted = v.topk(3, 0, true, false);
    expect(unsorted.values.tolistSync()).toEqual([5, 4, 3]);
  });

  it('topk: k = 0, 0-d, and out-of-range k', () => {
    const k0 = torch.tensor([1, 2], F32).topk(0);
    expectTensor(k0.values, 'float32', [0], []);
    expectTensor(k0.indices, 'int64', [0], []);
    const z = torch.tensor(3, F32).topk(1);
    expectTensor(z.values, 'float32', [], 3);
    expectTensor(z.indices, 'int64', [], 0);
    expect(() => torch.tensor([1, 2], F32).topk(3)).toThrow(/selected index k out of range/);
    expect(() => torch.tensor([1, 2], F32).topk(-1)).toThrow(/selected index k out of range/);
    expect(() => torch.tensor(3, F32).topk(2)).toThrow(/selected index k out of range/);
    expect(() => torch.tensor([true, false]).topk(1)).toThrow(/topk.*not implemented for dtype bool/);
    expectTensor(torch.tensor([true, false, true]).sort().indices, 'int64', [3], [1, 0, 2]);
  });
});

describe('cumsum and cumprod', () => {
  const c = () => torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float32' });

  it('scan float tensors along any dim, non-contiguous too', () => {
    expectTensor(c().cumsum(1), 'float32', [2, 3], [[1, 3, 6], [4, 9, 15]]);
    expectTensor(torch.cumsum(c(), 0), 'float32', [2, 3], [[1, 2, 3], [5, 7, 9]]);
    expectTensor(c().cumsum(-1), 'float32', [2, 3], [[1, 3, 6], [4, 9, 15]]);
    expectTensor(c().T.cumsum(1), 'float32', [3, 2], [[1, 5], [2, 7], [3, 9]]);
    expectTensor(torch.cumprod(c(), 1), 'float32', [2, 3], [[1, 2, 6], [4, 20, 120]]);
    const f = torch.tensor([0.1, 0.2, 0.3, 0.4], { dtype: 'float32' }).cumsum(0);
    expect(Array.from(f.dataSync())).toEqual([0.10000000149011612, 0.30000001192092896, 0.6000000238418579, 1.0]);
  });

  it('accumulate bool and int inputs in int64', () => {
    expectTensor(torch.tensor([1, 2, 3], { dtype: 'int32' }).cumsum(0), 'int64', [3], [1, 3, 6]);
    expectTensor(torch.tensor([2, 3, 50], { dtype: 'uint8' }).cumprod(0), 'int64', [3], [2, 6, 300]);
    expectTensor(torch.tensor([true, false, true]).cumsum(0), 'int64', [3], [1, 1, 2]);
    expectTensor(torch.tensor([true, true]).cumprod(0), 'int64', [2], [1, 1]);
  });

  it('honour a dtype, casting the input first', () => {
    expectTensor(torch.tensor([1, 2, 3], { dtype: 'int32' }).cumsum(0, { dtype: 'float64' }), 'float64', [3], [1, 3, 6]);
    expectTensor(torch.tensor([0.5, 0.5, 0.7]).cumsum(0, { dtype: 'int64' }), 'int64', [3], [0, 0, 0]);
  });

  it('handle 0-d and empty tensors', () => {
    expectTensor(torch.tensor(3).cumsum(0), 'int64', [], 3);
    expectTensor(torch.tensor(2.5, F32).cumprod(-1), 'float32', [], 2.5);
    expectTensor(torch.zeros(0, 3).cumsum(0), 'float32', [0, 3], []);
    expect(() => torch.tensor([1, 2], { dtype: 'int32' }).cumsum(1)).toThrow(/expected to be in range of \[-1, 0\], but got 1/);
  });
});
