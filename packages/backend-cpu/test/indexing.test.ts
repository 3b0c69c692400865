// Indexing (at/set, gather/scatter/indexSelect, maskedSelect, nonzero). Expected values come from
// PyTorch 1.13 (`/usr/bin/python3`, the same expressions written with x[...]).
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../src/index';
import * as torch from '@x/tensor';
import type { Backend, Nested, Storage, Tensor, TensorRef } from '@x/tensor';

// The test device this file registers, named for the types as a third-party backend names its own.
declare module '@x/tensor' {
  interface DeviceNames {
    'fake-async': true;
  }
}

function expectT(t: Tensor, shape: number[], values: Nested): void {
  expect([...t.shape]).toEqual(shape);
  expect(t.tolistSync()).toEqual(values);
}

const x24 = () => torch.arange(24).reshape(2, 3, 4);
const long = (v: Nested) => torch.tensor(v, { dtype: 'int64' });

describe('at: basic indexing gives views', () => {
  it('numbers, slices, null and ... together', () => {
    const x = x24();
    expectT(x.at(0, ':', null, '...'), [3, 1, 4], [[[0, 1, 2, 3]], [[4, 5, 6, 7]], [[8, 9, 10, 11]]]);
    expectT(x.at(-1, -2), [4], [16, 17, 18, 19]);
    expectT(x.at('...', 0), [2, 3], [[0, 4, 8], [12, 16, 20]]);
    expectT(x.at(0, '...', 1), [3], [1, 5, 9]);
    expectT(x.at(null, 0, null), [1, 1, 3, 4], [[[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]]]);
    expectT(x.at(':', '2:2'), [2, 0, 4], [[], []]);
  });

  it('slice strings follow Python (clamping, negative bounds, steps)', () => {
    const a = torch.arange(10);
    const cases: [string, number[]][] = [
      ['1:3', [1, 2]], ['::2', [0, 2, 4, 6, 8]], ['-2:', [8, 9]], ['1:-1:2', [1, 3, 5, 7]],
      ['1:100', [1, 2, 3, 4, 5, 6, 7, 8, 9]], ['-100:2', [0, 1]], ['5:2', []], [':', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
      ['::3', [0, 3, 6, 9]], ['-3:-1', [7, 8]], [' 1 : 3 ', [1, 2]], ['1:3:', [1, 2]],
    ];
    for (const [s, want] of cases) expectT(a.at(s), [want.length], want);
  });

  it('shares storage: offsets and strides as PyTorch, writes visible both ways', () => {
    const x = x24();
    const v = x.at(1, '1:', '::2');
    expect([v.storageOffset(), [...v.strides], [...v.shape]]).toEqual([16, [4, 2], [2, 2]]);
    expect(v.storage).toBe(x.storage);
    v.set([0, 1], -5);
    expect(x.at(1, 1, 2).itemSync()).toBe(-5);
    x.set([1, 2, 0], 99);
    expect(v.at(1, 0).itemSync()).toBe(99);
  });

  it('0-d results and the empty index are views too', () => {
    const x = x24();
    const s = x.at(1, 2, 3);
    expect(s.shape).toEqual([]);
    expect(s.itemSync()).toBe(23);
    expect(s.storage).toBe(x.storage);
    const all = x.at();
    expect(all).not.toBe(x);
    expect(all.storage).toBe(x.storage);
    expectT(torch.tensor(7).at(null), [1], [7]);
    expectT(torch.tensor(7).at('...'), [], 7);
  });

  it('works on a transposed (non-contiguous) tensor', () => {
    const xt = x24().transpose(0, 2); // [4, 3, 2]
    const v = xt.at(1, '::2');
    expectT(v, [2, 2], [[1, 13], [9, 21]]);
    expect([v.storageOffset(), [...v.strides]]).toEqual([1, [8, 12]]);
  });
});

describe('at: advanced indexing (index tensors) copies', () => {
  it('one index tensor after a slice', () => {
    const x = x24();
    const r = x.at(':', long([2, 0]));
    expectT(r, [2, 2, 4], [[[8, 9, 10, 11], [0, 1, 2, 3]], [[20, 21, 22, 23], [12, 13, 14, 15]]]);
    expect(r.storage).not.toBe(x.storage);
    r.set([0, 0, 0], 1000);
    expect(x.at(0, 2, 0).itemSync()).toBe(8);
  });

  it('separated index tensors put the broadcast dims first; adjacent ones in place', () => {
    const x = x24();
    expectT(x.at(long([1, 0]), ':', long([3, -1])), [2, 3], [[15, 19, 23], [3, 7, 11]]);
    expectT(x.at(':', long([2, 0, 1]), long([1, 1, 3])), [2, 3], [[9, 1, 7], [21, 13, 19]]);
    expectT(x.at(long([1, 0]), 1, long([0, 3])), [2], [16, 7]);
    expectT(x.at(null, long([1, 0]), 0), [1, 2, 4], [[[12, 13, 14, 15], [0, 1, 2, 3]]]);
    expectT(x.at(':', '1:', long([0, 3])), [2, 2, 2], [[[4, 7], [8, 11]], [[16, 19], [20, 23]]]);
    expectT(x.at('::2').at(':', long([2])), [1, 1, 4], [[[8, 9, 10, 11]]]);
  });

  it('index tensors broadcast together; negative, int32, 2-D and empty indices', () => {
    const x = x24();
    expectT(x.at(long([[0], [1]]), long([0, 2])), [2, 2, 4], [[[0, 1, 2, 3], [8, 9, 10, 11]], [[12, 13, 14, 15], [20, 21, 22, 23]]]);
    expectT(x.at(long([-1, -2]), -1), [2, 4], [[20, 21, 22, 23], [8, 9, 10, 11]]);
    expectT(x.at(':', torch.tensor([2, 0], { dtype: 'int32' })), [2, 2, 4], [[[8, 9, 10, 11], [0, 1, 2, 3]], [[20, 21, 22, 23], [12, 13, 14, 15]]]);
    const r = x.at(long([[1, 0], [0, 0]]));
    expect(r.shape).toEqual([2, 2, 3, 4]);
    expectT(r.at(':', ':', 0, 0), [2, 2], [[12, 0], [0, 0]]);
    expectT(x.at(long([])), [0, 3, 4], []);
  });

  it('0-d index tensors act like numbers (shape-wise)', () => {
    const x = x24();
    expectT(x.at(long(1), ':', long([1, 2])), [3, 2], [[13, 14], [17, 18], [21, 22]]);
    expectT(x.at(long(1), long(-1)), [4], [20, 21, 22, 23]);
    expectT(x.at(long(1), long(2), long(3)), [], 23);
    expectT(x.at(':', long(-1)), [2, 4], [[8, 9, 10, 11], [20, 21, 22, 23]]);
    expectT(torch.tensor(7).at(torch.tensor(true)), [1], [7]);
  });

  it('non-contiguous input', () => {
    const xt = x24().transpose(0, 2); // [4, 3, 2]
    expectT(xt.at(long([0, 3]), ':', long([1, 0])), [2, 3], [[12, 16, 20], [3, 7, 11]]);
    expectT(xt.at(xt.remainder(5).eq(0)), [5], [0, 20, 5, 10, 15]);
    expectT(xt.at(':', long([[1], [0]])), [4, 2, 1, 2], [[[[4, 16]], [[0, 12]]], [[[5, 17]], [[1, 13]]], [[[6, 18]], [[2, 14]]], [[[7, 19]], [[3, 15]]]]);
  });
});

describe('at: boolean masks', () => {
  it('masks over one or several dims, alone or with other indices', () => {
    const x = x24();
    const m1 = torch.tensor([true, false, true]);
    expectT(x.at(torch.tensor([true, false])), [1, 3, 4], [[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]]);
    expectT(x.at(':', m1), [2, 2, 4], [[[0, 1, 2, 3], [8, 9, 10, 11]], [[12, 13, 14, 15], [20, 21, 22, 23]]]);
    expectT(x.at(torch.tensor([[true, false, true], [false, false, true]])), [3, 4], [[0, 1, 2, 3], [8, 9, 10, 11], [20, 21, 22, 23]]);
    expectT(x.at(x.remainder(7).eq(0)), [4], [0, 7, 14, 21]);
    expectT(x.at(0, x.at(0).gt(6)), [5], [7, 8, 9, 10, 11]);
    expectT(x.at(':', m1, long([0, 3])), [2, 2], [[0, 11], [12, 23]]);
    expectT(x.at(long([1, 0]), ':', torch.tensor([true, false, false, true])), [2, 3], [[12, 16, 20], [3, 7, 11]]);
    expectT(x.at(null, torch.tensor([true, false]), 1), [1, 1, 4], [[[4, 5, 6, 7]]]);
  });

  it('0-d masks, uint8 masks, masks selecting nothing', () => {
    const x = x24();
    const t = x.at(torch.tensor(true));
    expect(t.shape).toEqual([1, 2, 3, 4]);
    expect(t.at(0).equal(x)).toBe(true);
    expectT(x.at(torch.tensor(false)), [0, 2, 3, 4], []);
    expectT(x.at(':', torch.tensor([0, 1, 1], { dtype: 'uint8' })), [2, 2, 4], [[[4, 5, 6, 7], [8, 9, 10, 11]], [[16, 17, 18, 19], [20, 21, 22, 23]]]);
    expectT(x.at(x.gt(100)), [0], []);
  });
});

describe('at: errors', () => {
  const x = x24();
  it('out of range numbers and index tensors', () => {
    expect(() => x.at(5)).toThrow('index 5 is out of bounds for dimension 0 with size 2');
    expect(() => x.at(0, -4)).toThrow('index -4 is out of bounds for dimension 1 with size 3');
    expect(() => x.at(long([0, 2]))).toThrow('index 2 is out of bounds for dimension 0 with size 2');
    expect(() => x.at(':', long([1, -4, 7]))).toThrow('index -4 is out of bounds for dimension 1 with size 3');
    expect(() => torch.arange(3).at(5)).toThrow('index 5 is out of bounds for dimension 0 with size 3');
  });

  it('too many indices, 0-d tensors, two ellipses', () => {
    expect(() => x.at(0, 0, 0, 0)).toThrow('too many indices for tensor of dimension 3');
    expect(() => x.at(x.gt(0), 0)).toThrow('too many indices for tensor of dimension 3');
    expect(() => torch.tensor(5).at(0)).toThrow('invalid index of a 0-dim tensor');
    expect(() => x.at('...', 0, '...')).toThrow("an index can only have a single ellipsis ('...')");
  });

  it('mask shapes', () => {
    expect(() => torch.arange(3).at(torch.tensor([true, false]))).toThrow(
      'The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3] at index 0',
    );
    expect(() => x.at(torch.tensor([true, false, true]))).toThrow(
      'The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [2, 3, 4] at index 0',
    );
  });

  it('slices, bad index kinds, unbroadcastable index tensors', () => {
    expect(() => x.at('::-1')).toThrow('step must be greater than zero');
    expect(() => x.at('::0')).toThrow('slice step cannot be zero');
    expect(() => x.at('a:b')).toThrow(/invalid slice 'a:b'/);
    expect(() => x.at('1:2:3:4')).toThrow(/invalid slice/);
    expect(() => x.at('1.5:')).toThrow(/invalid slice/);
    expect(() => x.at('3')).toThrow(/invalid index string '3'/);
    expect(() => x.at(1.5)).toThrow(/index 1.5 is not an integer/);
    expect(() => x.at(torch.tensor([0, 1], { dtype: 'float32' }))).toThrow(/tensors used as indices must be long, int, byte or bool tensors, got float32/);
    expect(() => x.at(true as unknown as number)).toThrow(/invalid index boolean true/);
    expect(() => x.at(long([0, 1]), long([0, 1, 2]))).toThrow(
      'shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]',
    );
  });
});

describe('set', () => {
  it('basic indices: numbers, tensors broadcast, booleans, bumps the version', () => {
    const y = torch.zeros(3, 4);
    const v0 = y.storage.version;
    y.set([1], 5);
    y.set([':', 0], torch.tensor([1, 2, 3]));
    y.set([2, '1:'], torch.tensor([[7, 8, 9]])); // leading size-1 dims are dropped, as PyTorch
    y.set([0, '::2'], true);
    expectT(y, [3, 4], [[1, 0, 1, 0], [2, 5, 5, 5], [3, 7, 8, 9]]);
    expect(y.storage.version).toBeGreaterThan(v0);
    expect(y.set([0], 0)).toBe(y);
  });

  it('casts values to the tensor dtype', () => {
    const yi = torch.zeros([2, 3], { dtype: 'int64' });
    yi.set([0], torch.tensor([1.7, -2.7, 3.2]));
    yi.set([1, 1], 2.9);
    expectT(yi, [2, 3], [[1, -2, 3], [0, 2, 0]]);
    const yb = torch.zeros([3], { dtype: 'bool' });
    yb.set([long([0, 2])], 5);
    expectT(yb, [3], [true, false, true]);
  });

  it('index tensors, with broadcast values', () => {
    const y = torch.zeros(3, 4);
    y.set([long([0, 2])], torch.tensor([1, 2, 3, 4]));
    y.set([long([1, 1, 2]), long([0, 3, 3])], torch.tensor([-1, -2, -3]));
    expectT(y, [3, 4], [[1, 2, 3, 4], [-1, 0, 0, -2], [1, 2, 3, -3]]);
    const z = torch.arange(12).reshape(3, 4).float();
    z.set([long([2, 0]), ':'], torch.tensor([[1], [2]]));
    z.set([long([0, 1]), '1:'], 7);
    expectT(z, [3, 4], [[2, 7, 7, 7], [4, 7, 7, 7], [1, 1, 1, 1]]);
    const w = torch.arange(24).reshape(2, 3, 4).float();
    w.set([long([1, 0]), ':', long([0, 3])], torch.tensor([100, 200, 300]));
    expectT(w, [2, 3, 4], [[[0, 1, 2, 100], [4, 5, 6, 200], [8, 9, 10, 300]], [[100, 13, 14, 15], [200, 17, 18, 19], [300, 21, 22, 23]]]);
    const u = torch.zeros(4, 2);
    u.set([long([[0, 3], [2, 1]])], torch.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]));
    expectT(u, [4, 2], [[1, 2], [7, 8], [5, 6], [3, 4]]);
  });

  it('masks', () => {
    const y = torch.arange(12).reshape(3, 4).float();
    y.set([y.gt(6)], 0);
    y.set([torch.tensor([true, false, true]), '1:3'], torch.tensor([[10], [20]]));
    expectT(y, [3, 4], [[0, 10, 10, 3], [4, 5, 6, 0], [0, 20, 20, 0]]);
    const z = torch.arange(6).float();
    z.set([z.remainder(2).eq(0)], torch.tensor([-1, -2, -3]));
    expectT(z, [6], [-1, 1, -2, 3, -3, 5]);
  });

  it('writes through a transposed view into the base (index tensors and masks)', () => {
    const z = torch.arange(12).reshape(3, 4).float();
    const zt = z.t(); // [4, 3]
    zt.set([long([0, 3]), 1], -1);
    zt.set([zt.gt(9)], 0);
    zt.set(['1:3', torch.tensor([true, false, true])], torch.tensor([50, 60]));
    expectT(z, [3, 4], [[0, 50, 50, 3], [-1, 5, 6, -1], [8, 60, 60, 0]]);
  });

  it('writes through a basic view into its base, and accepts a value that aliases x', () => {
    const x = torch.zeros(2, 3);
    const row = x.at(1);
    row.set([torch.tensor([true, false, true])], 4);
    row.set(['1:'], torch.tensor([5, 6]));
    expectT(x, [2, 3], [[0, 0, 0], [4, 5, 6]]);
    const y = torch.arange(6).reshape(2, 3).float();
    y.set([long([1])], y.at(0));
    expectT(y, [2, 3], [[0, 1, 2], [0, 1, 2]]);
    const a = torch.arange(5).float();
    a.set(['1:'], a.at(':-1')); // overlapping views: read before written (numpy's result; PyTorch refuses)
    expectT(a, [5], [0, 0, 1, 2, 3]);
  });

  it('errors name both shapes', () => {
    expect(() => torch.zeros(3, 4).set([long([0, 1])], torch.ones(3))).toThrow(
      'shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2, 4]',
    );
    expect(() => torch.zeros(3, 4).set(['0:2'], torch.ones(3))).toThrow(
      'shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2, 4]',
    );
    expect(() => torch.zeros(3).set([5], 1)).toThrow('index 5 is out of bounds for dimension 0 with size 3');
    expect(() => torch.zeros(3).set([long([3])], 1)).toThrow('index 3 is out of bounds for dimension 0 with size 3');
  });
});

describe('gather, scatter, indexSelect', () => {
  const g = () => torch.arange(12).reshape(3, 4).float();

  it('gather along each dim (negative dims, transposed input)', () => {
    expectT(g().gather(0, long([[2, 1, 0, 0], [0, 0, 1, 2]])), [2, 4], [[8, 5, 2, 3], [0, 1, 6, 11]]);
    expectT(g().gather(1, long([[3, 0], [1, 1], [0, 2]])), [3, 2], [[3, 0], [5, 5], [8, 10]]);
    expectT(torch.gather(g(), -1, long([[3], [2]])), [2, 1], [[3], [6]]);
    expectT(g().t().gather(0, long([[1, 3, 0]])), [1, 3], [[1, 7, 8]]);
    expectT(torch.tensor(5).gather(0, long([0, 0])), [2], [5, 5]);
    expectT(g().gather(0, long([]).reshape(0, 1)), [0, 1], []);
  });

  it('gather errors', () => {
    expect(() => g().gather(0, torch.tensor([[0, 1]], { dtype: 'int32' }))).toThrow('gather(): Expected dtype int64 for index');
    expect(() => g().gather(0, long([0, 1]))).toThrow('gather(): Index tensor must have the same number of dimensions as input tensor');
    expect(() => g().gather(0, long([[0, 1, 0, 0, 0]]))).toThrow(
      'gather(): Size does not match at dimension 1 expected index [1, 5] to be smaller than self [3, 4] apart from dimension 0',
    );
    expect(() => g().gather(0, long([[0, 5]]))).toThrow('index 5 is out of bounds for dimension 0 with size 3');
    expect(() => g().gather(2, long([[0]]))).toThrow('dimension out of range (expected to be in range of [-2, 1], but got 2)');
  });

  it('scatter out of place, scatter_ in place, reductions', () => {
    const src = torch.arange(1, 7).reshape(2, 3).float();
    const z = torch.zeros(3, 3);
    expectT(z.scatter(0, long([[0, 1, 2], [2, 0, 0]]), src), [3, 3], [[1, 5, 6], [0, 2, 0], [4, 0, 3]]);
    expectT(z, [3, 3], [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expectT(torch.scatter(torch.zeros(2, 4), -1, long([[3, 0], [1, 2]]), src), [2, 4], [[2, 0, 0, 1], [0, 4, 5, 0]]);
    expectT(torch.zeros(2, 4).scatter(1, long([[3], [0]]), 2.5), [2, 4], [[0, 0, 0, 2.5], [2.5, 0, 0, 0]]);
    expectT(torch.ones(3, 3).scatter(0, long([[0, 0, 2], [0, 1, 2]]), src, { reduce: 'add' }), [3, 3], [[6, 3, 1], [1, 6, 1], [1, 1, 10]]);
    expectT(torch.full([3, 3], 2).float().scatter(0, long([[0, 0, 2], [0, 1, 2]]), src, { reduce: 'multiply' }), [3, 3], [[8, 4, 2], [2, 10, 2], [2, 2, 36]]);
    expectT(torch.zeros(3).scatterAdd(0, long([0, 0, 2, 0]), torch.tensor([1, 2, 3, 4]).float()), [3], [7, 0, 3]);
    const w = torch.zeros(2, 3);
    const v0 = w.storage.version;
    expect(w.scatter_(1, long([[2], [0]]), 9)).toBe(w);
    expectT(w, [2, 3], [[0, 0, 9], [9, 0, 0]]);
    expect(w.storage.version).toBeGreaterThan(v0);
    const wt = torch.zeros(3, 2).t(); // scatter_ into a non-contiguous tensor
    wt.scatter_(1, long([[2, 0]]), torch.tensor([[1, 2]]).float());
    expectT(wt, [2, 3], [[2, 0, 1], [0, 0, 0]]);
  });

  it('scatter errors', () => {
    const z = torch.zeros(2, 3);
    expect(() => z.scatter(0, long([[0, 1]]), torch.ones([1, 2], { dtype: 'int64' }))).toThrow('scatter(): Expected self.dtype to be equal to src.dtype');
    expect(() => z.scatter(0, long([[0, 1, 0, 0]]), torch.ones(1, 4))).toThrow(
      'scatter(): Expected index [1, 4] to be smaller than self [2, 3] apart from dimension 0 and to be smaller size than src [1, 4]',
    );
    expect(() => z.scatter(0, long([[0, 1]]), torch.ones(1, 1))).toThrow(/smaller size than src \[1, 1\]/);
    expect(() => z.scatter(0, long([0, 1]), torch.ones(1, 1))).toThrow('Index tensor must have the same number of dimensions as self tensor');
    expect(() => z.scatter(0, long([[0, 5]]), 2.5)).toThrow('index 5 is out of bounds for dimension 0 with size 2');
    expect(() => z.scatter(0, long([[0, 1]]), 2.5, { reduce: 'mean' as 'add' })).toThrow(/reduce argument must be either 'add' or 'multiply'/);
    expect(() => z.scatter(0, torch.tensor([[0, 1]], { dtype: 'int32' }), 2.5)).toThrow('scatter(): Expected dtype int64 for index');
  });

  it('indexSelect (negative dim, int32, 0-d and empty index, transposed input)', () => {
    expectT(g().indexSelect(0, long([2, 0, 2])), [3, 4], [[8, 9, 10, 11], [0, 1, 2, 3], [8, 9, 10, 11]]);
    expectT(torch.indexSelect(g(), -1, torch.tensor([3, 1], { dtype: 'int32' })), [3, 2], [[3, 1], [7, 5], [11, 9]]);
    expectT(g().indexSelect(1, long(2)), [3, 1], [[2], [6], [10]]);
    expectT(g().indexSelect(0, long([])), [0, 4], []);
    expectT(g().t().indexSelect(1, long([1, 0])), [4, 2], [[4, 0], [5, 1], [6, 2], [7, 3]]);
    expectT(torch.tensor(5).indexSelect(0, long([0, 0, 0])), [], 5);
    const r = g().indexSelect(0, long([1]));
    expect(r.storage).not.toBe(g().storage);
  });

  it('indexSelect errors', () => {
    expect(() => g().indexSelect(1, long([[2]]))).toThrow('index_select(): Index is supposed to be a vector');
    expect(() => g().indexSelect(1, torch.tensor([1], { dtype: 'float64' }))).toThrow('index_select(): Expected dtype int32 or int64 for index');
    expect(() => g().indexSelect(1, long([5]))).toThrow('index 5 is out of bounds for dimension 1 with size 4');
    expect(() => g().indexSelect(1, long([-1]))).toThrow('index -1 is out of bounds for dimension 1 with size 4');
  });
});

describe('maskedSelect and nonzero', () => {
  const g = () => torch.arange(12).reshape(3, 4).float();

  it('maskedSelect broadcasts the mask with x', () => {
    expectT(g().maskedSelect(torch.tensor([true, false, false, true])), [6], [0, 3, 4, 7, 8, 11]);
    expectT(torch.maskedSelect(g(), torch.tensor([[true], [false], [true]])), [8], [0, 1, 2, 3, 8, 9, 10, 11]);
    expectT(g().maskedSelect(torch.tensor(true)), [12], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expectT(g().t().maskedSelect(g().t().gt(8)), [3], [9, 10, 11]);
    expect(() => g().maskedSelect(torch.tensor([1, 0, 1, 0]))).toThrow('masked_select: expected BoolTensor or ByteTensor for mask');
    expect(() => g().maskedSelect(torch.tensor([true, false]))).toThrow(/must match the size of tensor b/);
  });

  it('nonzero: int64 [n, ndim], NaN counts, 0-d and empty inputs', () => {
    const nz = torch.tensor([[0, 1.5, 0], [NaN, 0, -2]]).nonzero();
    expect(nz.dtype).toBe('int64');
    expectT(nz, [3, 2], [[0, 1], [1, 0], [1, 2]]);
    expectT(torch.nonzero(x24().remainder(9).eq(0)), [3, 3], [[0, 0, 0], [0, 2, 1], [1, 1, 2]]);
    expectT(torch.tensor(3.0).nonzero(), [1, 0], [[]]);
    expectT(torch.tensor(0).nonzero(), [0, 0], []);
    expectT(torch.zeros(2, 0).nonzero(), [0, 2], []);
    expectT(x24().transpose(0, 2).remainder(9).eq(0).nonzero(), [3, 3], [[0, 0, 0], [1, 2, 0], [2, 1, 1]]);
  });
});

describe('async forms on the CPU', () => {
  it('atAsync, setAsync, maskedSelectAsync, nonzeroAsync', async () => {
    const x = x24();
    expectT(await x.atAsync(x.lt(3)), [3], [0, 1, 2]);
    expectT(await x.atAsync(':', long([2, 0]), 0), [2, 2], [[8, 0], [20, 12]]);
    const v = await x.atAsync(0, '1:');
    expect(v.storage).toBe(x.storage);
    const y = torch.zeros(4);
    expect(await y.setAsync([torch.tensor([true, false, true, false])], 3)).toBe(y);
    expectT(y, [4], [3, 0, 3, 0]);
    expectT(await x.maskedSelectAsync(x.gt(21)), [2], [22, 23]);
    expectT(await torch.tensor([0, 2, 0, 3]).nonzeroAsync(), [2, 1], [[1], [3]]);
    await expect(x.atAsync(torch.tensor([true]))).rejects.toThrow('The shape of the mask [1] at index 0');
    await expect(x.atAsync(long([9]))).rejects.toThrow('index 9 is out of bounds for dimension 0 with size 2');
  });
});

// A device without synchronous reads (as WebGPU): each kernel runs on the CPU's behind a storage
// tagged 'fake-async', and only `read` (a Promise) gives data back.
interface FakeStorage extends Storage {
  readonly inner: Storage;
}

function fakeAsyncBackend(): Backend {
  const device = 'fake-async';
  const wrapStorage = (inner: Storage): FakeStorage => ({ device, dtype: inner.dtype, length: inner.length, version: 0, inner });
  const unwrap = <T>(arg: T): T => {
    if (typeof arg === 'object' && arg !== null && 'storage' in arg) {
      const ref = arg as unknown as TensorRef;
      const inner = (ref.storage as FakeStorage).inner;
      return { storage: inner, dtype: ref.dtype, shape: ref.shape, strides: ref.strides, offset: ref.offset } as unknown as T;
    }
    return arg;
  };
  const kernel = <A extends unknown[]>(f: (...args: A) => void) => (...args: A): void => f(...(args.map(unwrap) as A));
  const cpu = cpuBackend;
  return {
    device,
    caps: { ...cpu.caps, syncRead: false, hostShared: false },
    allocate: (dtype, length, init) => wrapStorage(cpu.allocate(dtype, length, init)),
    upload: (data, dtype) => wrapStorage(cpu.upload(data, dtype)),
    dispose: (s) => cpu.dispose((s as FakeStorage).inner),
    read: (ref) => cpu.read(unwrap(ref)),
    check: kernel(cpu.check),
    sync: () => Promise.resolve(),
    fill: kernel(cpu.fill),
    copy: kernel(cpu.copy),
    unary: kernel(cpu.unary),
    binary: kernel(cpu.binary),
    where: kernel(cpu.where),
    clamp: kernel(cpu.clamp),
    reduce: kernel(cpu.reduce),
    scan: kernel(cpu.scan),
    matmul: kernel(cpu.matmul),
    gather: kernel(cpu.gather),
    scatter: kernel(cpu.scatter),
    sort: kernel(cpu.sort),
    conv2d: kernel(cpu.conv2d),
    conv2dBackwardInput: kernel(cpu.conv2dBackwardInput),
    conv2dBackwardWeight: kernel(cpu.conv2dBackwardWeight),
    maxPool2d: kernel(cpu.maxPool2d),
    maxPool2dBackward: kernel(cpu.maxPool2dBackward),
  };
}

describe('a device without synchronous reads', () => {
  torch.registerBackend(fakeAsyncBackend());
  const device = 'fake-async';
  const on = (t: Tensor) => torch.tensor(t.tolistSync(), { dtype: t.dtype, device });

  it('the sync forms that need data name the async form', () => {
    const x = on(x24());
    const mask = on(torch.tensor([true, false]));
    expect(() => x.at(mask)).toThrow(`x.at(mask) needs the data of the mask: use await x.atAsync(mask) on device '${device}'`);
    expect(() => x.set([mask], 1)).toThrow(`use await x.setAsync([mask], value) on device '${device}'`);
    expect(() => x.maskedSelect(on(x24().gt(3)))).toThrow(`use await x.maskedSelectAsync(mask) on device '${device}'`);
    expect(() => x.nonzero()).toThrow(`use await x.nonzeroAsync() on device '${device}'`);
  });

  it('basic and index-tensor indexing stay synchronous', async () => {
    const x = on(x24());
    expect(await x.at(1, ':', '::3').tolist()).toEqual([[12, 15], [16, 19], [20, 23]]);
    expect(await x.at(long([1, 0]), ':', long([3, -1])).tolist()).toEqual([[15, 19, 23], [3, 7, 11]]);
    expect(await x.gather(2, on(long([[[1], [0], [3]], [[0], [0], [0]]]))).tolist()).toEqual([[[1], [4], [11]], [[12], [16], [20]]]);
    expect(await x.indexSelect(1, on(long([2]))).tolist()).toEqual([[[8, 9, 10, 11]], [[20, 21, 22, 23]]]);
    x.set([0, long([0, 2])], -1);
    expect(await x.at(0, ':', 0).tolist()).toEqual([-1, 4, -1]);
  });

  it('the async forms read only what they need', async () => {
    const x = on(x24());
    const r = await x.atAsync(x.remainder(7).eq(0));
    expect(r.device).toBe(device);
    expect(await r.tolist()).toEqual([0, 7, 14, 21]);
    expect(await (await x.atAsync(':', on(torch.tensor([true, false, true])), long([0, 3]))).tolist()).toEqual([[0, 11], [12, 23]]);
    expect(await (await x.maskedSelectAsync(on(torch.tensor([false, false, false, true])))).tolist()).toEqual([3, 7, 11, 15, 19, 23]);
    expect(await (await on(torch.tensor([[0, 1], [2, 0]])).nonzeroAsync()).tolist()).toEqual([[0, 1], [1, 0]]);
    await x.setAsync([x.gt(20)], 0);
    expect(await x.at(1, 2).tolist()).toEqual([20, 0, 0, 0]);
    await expect(x.atAsync(long([7]))).rejects.toThrow('index 7 is out of bounds for dimension 0 with size 2');
  });
});
