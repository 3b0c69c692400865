// Gradients of the shape, indexing and sorting ops: numerical checks (float64 central differences)
// for every op and its awkward cases, and a few values computed by PyTorch 1.13.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import { grad, gradcheck } from '../src/index';
import * as torch from '@x/tensor';

type Tensor = torch.Tensor;
const f64 = { dtype: 'float64' as const };
const long = (v: torch.Nested) => torch.tensor(v, { dtype: 'int64' });
const leaf = (v: torch.Nested) => torch.tensor(v, { ...f64, requiresGrad: true });

/** Random float64 leaves of the given shapes (seeded, so failures reproduce). */
function inputs(...shapes: number[][]): Tensor[] {
  torch.manualSeed(7);
  return shapes.map((s) => torch.randn(s, f64).requiresGrad_());
}

/** gradcheck of fn at random inputs of the given shapes. */
function check(fn: (...xs: Tensor[]) => Tensor, ...shapes: number[][]): void {
  expect(gradcheck(fn, inputs(...shapes))).toBe(true);
}

/** gradcheck of fn's gradient (createGraph), weighted so every second derivative shows. */
function checkSecond(fn: (x: Tensor) => Tensor, shape: number[]): void {
  // gradcheck evaluates fn under noGrad for its differences: the inner grad() needs grad mode on.
  const first = (x: Tensor): Tensor =>
    torch.enableGrad(() => {
      const y = fn(x);
      const w = torch.arange(1, y.numel() + 1, f64).reshape([...y.shape]);
      return grad(y.mul(y).mul(w).sum(), [x], { createGraph: true })[0]!;
    });
  expect(gradcheck(first, inputs(shape))).toBe(true);
}

/** x.grad after backpropagating `gradOut` through fn(x). */
function gradOf(x: Tensor, fn: (x: Tensor) => Tensor, gradOut: torch.Nested): torch.Nested {
  fn(x).backward(torch.tensor(gradOut, f64));
  return x.grad!.tolistSync();
}

describe('views', () => {
  it('view, reshape, flatten, unsqueeze, squeeze', () => {
    check((x) => x.view(6, 2), [3, 4]);
    check((x) => x.reshape(-1, 3).unsqueeze(-1).squeeze(2), [3, 4]);
    check((x) => x.T.reshape(12), [3, 4]); // reshape of a non-contiguous input copies
    check((x) => x.flatten(1), [2, 3, 2]);
  });

  it('expand (new leading dims, negative sizes) and expand of a sliced input', () => {
    check((x) => x.expand(2, 3, 4), [3, 1]);
    check((x) => x.expand(-1, 5), [3, 1]);
    check((x) => x.at(':', '::2').expand(4, 3, 2), [3, 4]);
  });

  it('transpose and permute with negative dims, on non-contiguous inputs', () => {
    check((x) => x.transpose(-1, 0), [2, 3, 4]);
    check((x) => x.permute(-1, 0, 1), [2, 3, 4]);
    check((x) => x.T.permute(1, 0).mT, [3, 4]);
    check((x) => x.movedim(0, -1), [2, 3, 4]);
  });

  it('slice with steps, negative bounds, clamping, empty results', () => {
    check((x) => x.at('1:', '::2'), [4, 5]);
    check((x) => x.at('-3:-1', '1::3'), [4, 7]);
    check((x) => x.at('::3').at(':', '2:100'), [7, 4]);
    check((x) => x.at('2:2').sum().add(x.at('5:').sum()), [4, 3]);
    check((x) => x.narrow(-1, 1, 2), [2, 4]);
  });

  it('select with negative indices and dims, and unbind', () => {
    check((x) => x.at(-1), [3, 4]);
    check((x) => x.select(-1, 2), [3, 4]);
    check((x) => x.T.at(1, '::2'), [4, 3]);
    check((x) => {
      const [a, b, c] = x.unbind(1);
      return a!.mul(b!).sub(c!);
    }, [2, 3, 2]);
  });

  it('to: the gradient comes back in the input dtype', () => {
    const x = leaf([1, 2, 3]);
    x.to('float32').mul(torch.tensor([1, 2, 3], { dtype: 'float32' })).sum().backward();
    expect(x.grad!.dtype).toBe('float64');
    expect(x.grad!.tolistSync()).toEqual([1, 2, 3]);
    check((y) => y.T.contiguous().clone(), [2, 3]);
  });
});

describe('copies: cat, repeat, flip, roll', () => {
  it('cat of several tensors, an empty one included, along negative and inner dims', () => {
    check((a, b, c) => torch.cat([a!, b!, c!], -1), [2, 3], [2, 1], [2, 4]);
    check((a, b) => torch.cat([a!, torch.zeros([0], f64), b!.T, a!.at('0:0')], 0), [2, 3], [3, 4]);
    check((a, b) => torch.cat([a!.at(':', '::2'), b!], 1), [3, 5], [3, 2]);
  });

  it('cat of mixed dtypes gives each input its own dtype back', () => {
    const a = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const b = leaf([3]);
    torch.cat([a, b]).backward(torch.tensor([1, 2, 3], f64));
    expect([a.grad!.dtype, b.grad!.dtype]).toEqual(['float32', 'float64']);
    expect([a.grad!.tolistSync(), b.grad!.tolistSync()]).toEqual([[1, 2], [3]]);
  });

  it('repeat, with new leading dims and zero repeats; tile', () => {
    check((x) => x.repeat(2, 3), [2, 3]);
    check((x) => x.repeat(2, 1, 3), [2, 3]);
    check((x) => x.T.repeat(1, 2, 1, 2), [3, 2]);
    check((x) => x.repeat(0, 2).sum().add(x.sum()), [2, 3]);
    check((x) => x.tile(2), [2, 3]);
  });

  it('flip with negative and several dims', () => {
    check((x) => x.flip(-1), [2, 3, 4]);
    check((x) => x.flip(0, 2), [2, 3, 4]);
    check((x) => x.T.flip(0), [3, 4]);
  });

  it('roll with dims, a repeated dim, negative shifts, and without dims', () => {
    check((x) => x.roll(1, 0), [4, 3]);
    check((x) => x.roll([2, -1], [-1, 0]), [3, 4]);
    check((x) => x.roll([1, 2], [1, 1]), [3, 4]);
    check((x) => x.roll(5), [3, 4]);
    check((x) => x.T.roll(-2), [3, 4]);
  });
});

describe('compositions of the primitives', () => {
  it('split, chunk, stack', () => {
    check((x) => {
      const [a, b] = x.split([1, 3], -1);
      return a!.mul(b!.sum(-1, true));
    }, [3, 4]);
    check((x) => {
      const parts = x.split(2, 0);
      return parts[0]!.sum().mul(parts[2]!.sum()).add(parts[1]!.sum());
    }, [5, 2]);
    check((x) => {
      const [a, b, c] = x.chunk(3, 1);
      return torch.stack([c!, a!.mul(b!)], -1);
    }, [2, 6]);
    check((a, b) => torch.stack([a!, b!.T, a!], 1), [2, 3], [3, 2]);
  });

  it('tril and triu with diagonals', () => {
    check((x) => x.tril(), [4, 4]);
    check((x) => x.triu(1), [3, 5]);
    check((x) => x.T.tril(-1), [2, 4, 3]);
  });

  it('topk, largest and smallest, along a dim', () => {
    check((x) => x.topk(2).values, [3, 5]);
    check((x) => x.topk(2, 0, false).values, [4, 3]);
    check((x) => x.T.topk(3, -1).values, [4, 3]);
  });

  it('indexSelect with duplicate indices (the gradients accumulate)', () => {
    check((x) => x.indexSelect(0, long([2, 0, 2, 2])), [3, 4]);
    check((x) => x.T.indexSelect(-1, long([1, 1, 0])), [3, 4]);
  });

  it('maskedSelect, a broadcast mask and a broadcast input', () => {
    const mask = torch.tensor([[true, false, true], [false, true, true]]);
    check((x) => x.maskedSelect(mask), [2, 3]);
    check((x) => x.maskedSelect(mask), [3]);
    check((x) => x.maskedSelect(torch.tensor([true, false, true])), [2, 3]);
  });
});

describe('advanced indexing (at)', () => {
  it('one index tensor, duplicates, negative entries, any dim', () => {
    check((x) => x.at(long([0, 2, 0, -1])), [3, 4]);
    check((x) => x.at(':', long([1, 1, 3])), [3, 4]);
    check((x) => x.at('...', long([[0, 2], [2, 2]])), [2, 3]);
    check((x) => x.T.at(long([3, 0, 3])), [3, 4]);
    check((x) => x.at(long(1)), [3, 4]);
  });

  it('several index tensors: broadcast, separated, with slices and on strided views', () => {
    check((x) => x.at(long([0, 2, 0]), long([1, 3, 1])), [3, 4]);
    check((x) => x.at(long([[0], [2]]), long([1, 3, 1])), [3, 4]);
    check((x) => x.at(long([1, 0]), ':', long([2, 2])), [2, 3, 4]);
    check((x) => x.at('1:', long([0, 0, 2]), long([1, 0, 1])), [3, 4, 2]);
    check((x) => x.at('::2', '1::2').T.at(long([0, 1, 0]), long([1, 0, 1])), [5, 6]);
    check((x) => x.permute(2, 0, 1).at(long([3, 3]), long([0, 1])), [2, 3, 4]);
  });

  it('masks: 1-d, 2-d, on inner dims, all false, 0-d, with index tensors', () => {
    check((x) => x.at(torch.tensor([true, false, true])), [3, 4]);
    check((x) => x.at(torch.tensor([[true, false, true, false], [false, false, true, true], [true, true, true, true]])), [3, 4]);
    check((x) => x.at(':', torch.tensor([[true, false], [true, true], [false, true]])), [2, 3, 2]);
    check((x) => x.at(torch.tensor([false, false])).sum().add(x.sum()), [2, 3]);
    check((x) => x.at(torch.tensor(true)), [2, 3]);
    check((x) => x.T.at(torch.tensor([true, false, true]), long([1, 1])), [2, 3]);
  });

  it('indexing an expanded (overlapping) view: each element of the view gets only its own gradient', () => {
    check((x) => x.expand(3, 4).at(long([0, 2, 1, 0]), long([1, 1, 3, 1])), [4]);
    check((x) => x.unsqueeze(1).expand(3, 2, 4).at(long([0, 2]), ':', long([1, 1])), [3, 4]);
    // PyTorch: the expanded view's own gradient is exact, not spread over the elements sharing memory.
    const b = leaf([1, 2, 3, 4]);
    const e = b.expand(3, 4);
    e.retainGrad();
    e.at(long([0, 2, 1, 0]), long([1, 1, 3, 1])).backward(torch.tensor([1, 2, 3, 4], f64));
    expect(e.grad!.tolistSync()).toEqual([[0, 5, 0, 0], [0, 0, 0, 3], [0, 2, 0, 0]]);
    expect(b.grad!.tolistSync()).toEqual([0, 7, 0, 3]);
  });
});

describe('gather and scatter', () => {
  it('gather with duplicate indices, negative dims, smaller index, 0-d', () => {
    check((x) => x.gather(1, long([[0, 0, 2], [1, 1, 1]])), [2, 3]);
    check((x) => x.gather(-2, long([[1, 1], [0, 1]])), [3, 4]);
    check((x) => x.T.gather(0, long([[2, 2, 2]])), [3, 4]);
    check((x) => x.gather(0, long(0)), []);
  });

  it("scatter (reduce 'none'): x loses the overwritten positions, src gets grad.gather", () => {
    const index = long([[0, 1, 2], [2, 0, 1]]);
    check((x, s) => x!.scatter(0, index, s!), [3, 3], [2, 3]);
    check((x, s) => x!.scatter(-1, long([[1], [0]]), s!), [2, 3], [2, 2]); // src larger than index
    check((x) => x.T.scatter(1, index, 2.5), [3, 3]);
  });

  it("scatterAdd and scatter(reduce 'add') with duplicate indices", () => {
    const index = long([[0, 0, 2], [2, 0, 2]]);
    check((x, s) => x!.scatterAdd(0, index, s!), [3, 3], [2, 3]);
    check((x, s) => x!.scatter(0, index, s!, { reduce: 'add' }), [3, 3], [2, 4]);
    check((x) => x.scatter(1, long([[1, 1]]), 3, { reduce: 'add' }), [2, 3]);
  });

  it("scatter(reduce 'multiply'), zeros in src included", () => {
    const index = long([0, 1, 0, 2, 2, 1]);
    check((x, s) => x!.scatter(0, index, s!, { reduce: 'multiply' }), [3], [6]);
    const withZeros = (s: Tensor) => s.mul(torch.tensor([1, 0, 1, 0, 0, 1], f64));
    check((x, s) => x!.scatter(0, index, withZeros(s!), { reduce: 'multiply' }), [3], [6]);
    expect(() => {
      const x = leaf([1, 2]);
      x.scatter(0, long([0]), 2, { reduce: 'multiply' }).sum().backward();
    }).toThrow(/multiply.*number value/);
  });

  it("scatter(reduce 'multiply') against PyTorch's scatter_reduce('prod') (PyTorch 1.13 has no gradient for scatter's multiply)", () => {
    const x = leaf([2, 3, 0.5]);
    const s = leaf([4, 0, 5, 0, 0, 7]);
    const y = x.scatter(0, long([0, 1, 0, 2, 2, 1]), s, { reduce: 'multiply' });
    y.backward(torch.tensor([1, 2, 3], f64));
    expect(y.tolistSync()).toEqual([40, 0, 0]);
    expect(x.grad!.tolistSync()).toEqual([20, 0, 0]);
    expect(s.grad!.tolistSync()).toEqual([10, 42, 8, 0, 0, 0]);
  });
});

describe('sort', () => {
  it('sort along dims, descending, on non-contiguous input', () => {
    check((x) => x.sort().values, [3, 5]);
    check((x) => x.sort(0, true).values, [4, 3]);
    check((x) => x.T.sort(-1).values.mul(x.T.sort(-1).values), [3, 4]);
    check((x) => x.sort().values, []);
  });

  it('sort with ties: each value goes back to the index sort reports (PyTorch 1.13 values)', () => {
    expect(gradOf(leaf([3, 1, 2, 1, 3]), (x) => x.sort(-1, true).values, [1, 2, 3, 4, 5])).toEqual([1, 4, 3, 5, 2]);
    expect(gradOf(leaf([[2, 1], [1, 1], [2, 0]]), (x) => x.sort(0).values, [[1, 2], [3, 4], [5, 6]])).toEqual([[3, 4], [1, 6], [5, 2]]);
  });

  it('topk with ties: the gradient goes to the indices topk reports', () => {
    // PyTorch's topk picks indices [2, 4] here and @x/tensor's (a stable sort) [1, 2]: ties may go either way.
    const x = leaf([1, 5, 5, 2, 5]);
    const { values, indices } = x.topk(2);
    values.backward(torch.tensor([10, 20], f64));
    const expected = [0, 0, 0, 0, 0];
    (indices.tolistSync() as number[]).forEach((i, k) => (expected[i] = [10, 20][k]!));
    expect(x.grad!.tolistSync()).toEqual(expected);
  });
});

describe('values from PyTorch 1.13', () => {
  it('advanced indexing, masks and gather accumulate like PyTorch', () => {
    const grid = () => torch.arange(12, f64).reshape(3, 4).requiresGrad_();
    expect(gradOf(grid(), (x) => x.at(long([0, 2, 0]), long([1, 3, 1])), [1, 2, 3])).toEqual([[0, 4, 0, 0], [0, 0, 0, 0], [0, 0, 0, 2]]);
    const mask = torch.tensor([[true, false, true], [true, true, false]]);
    expect(gradOf(leaf([1, 2, 3]), (x) => x.maskedSelect(mask), [1, 2, 3, 4])).toEqual([4, 4, 2]);
    const six = torch.arange(6, f64).reshape(2, 3).requiresGrad_();
    expect(gradOf(six, (x) => x.gather(1, long([[0, 0, 2], [1, 1, 1]])), [[1, 2, 3], [4, 5, 6]])).toEqual([[3, 0, 3], [0, 15, 0]]);
    const cube = torch.arange(24, f64).reshape(2, 3, 4).requiresGrad_();
    const m2 = torch.tensor([[true, false, true, false], [false, false, true, true], [true, true, true, true]]);
    const g = torch.arange(16, f64).reshape(2, 8);
    cube.at(':', m2).backward(g);
    expect(cube.grad!.tolistSync()).toEqual([
      [[0, 0, 1, 0], [0, 0, 2, 3], [4, 5, 6, 7]],
      [[8, 0, 9, 0], [0, 0, 10, 11], [12, 13, 14, 15]],
    ]);
  });
});

describe('second derivatives through the rules', () => {
  it('gather, scatterAdd, indexing, sort, slices, cat, repeat, flip, roll', () => {
    checkSecond((x) => x.gather(1, long([[0, 0, 2], [1, 1, 1]])), [2, 3]);
    checkSecond((x) => torch.zeros([4], f64).scatterAdd(0, long([0, 3, 3]), x), [3]);
    checkSecond((x) => x.scatter(0, long([1, 0]), x.at('0:2').mul(x.at('1:3'))), [3]);
    checkSecond((x) => x.at(long([0, 2, 0]), long([1, 0, 1])), [3, 2]);
    checkSecond((x) => x.T.at(torch.tensor([true, false, true])), [2, 3]);
    checkSecond((x) => x.sort(-1, true).values, [2, 3]);
    checkSecond((x) => torch.cat([x.at('::2'), x.at(1).unsqueeze(0)]).repeat(2, 1).flip(0).roll(1, 1), [3, 2]);
  });
});

describe('diagonals', () => {
  it('diagonal (a view; offsets, dim pairs, non-square), diag both ways, trace, diagonalScatter', () => {
    check((x) => x.diagonal(), [3, 4]);
    check((x) => x.diagonal(1, -1, 0), [2, 3, 4]);
    check((x) => x.diagonal(-2), [4, 3]);
    check((x) => torch.diag(x, 1), [3]);
    check((x) => torch.diag(x, -1), [3, 2]);
    check((x) => x.trace(), [4, 2]);
    check((x, s) => torch.diagonalScatter(x, s, 1), [3, 4], [3]);
    checkSecond((x) => x.diagonal(1).exp(), [3, 4]);
    checkSecond((x) => torch.diag(x.sin()), [3]);
  });

  it('trace of a tall matrix: the gradient only on the diagonal (PyTorch 1.13 also writes (3, 0): pytorch/pytorch#171704)', () => {
    const x = leaf([[1, 2], [3, 4], [5, 6], [7, 8]]);
    expect(gradOf(x, (m) => m.trace(), 2)).toEqual([[2, 0], [0, 2], [0, 0], [0, 0]]);
  });
});

describe('einsum (a composite of views, sum, mul and bmm)', () => {
  it('contractions, diagonals, broadcast labels and ellipses: first and second derivatives', () => {
    check((a, b) => torch.einsum('bij,bjk->bik', a, b), [2, 2, 3], [2, 3, 4]);
    check((a, b, c) => torch.einsum('bn,anm,bm->ba', a, b, c), [2, 3], [4, 3, 5], [2, 5]);
    check((a, b) => torch.einsum('iij,kj', a, b), [3, 3, 2], [1, 2]);
    check((a) => torch.einsum('...ii->...', a), [2, 3, 3]);
    checkSecond((x) => torch.einsum('ij,jk->ik', x, x.T), [2, 3]);
  });
});

describe('iteration over dim 0 (for row of x)', () => {
  it("rows are views named as PyTorch's (UnbindBackward0) and carry gradients back", () => {
    const x = leaf([[1, 2], [3, 4], [5, 6]]);
    const rows = [...x];
    expect(rows[1]!.gradFn?.name).toBe('UnbindBackward0');
    let total = torch.zeros([], f64);
    for (const [i, row] of rows.entries()) total = total.add(row.mul(i + 1).sum());
    total.backward();
    expect(x.grad!.tolistSync()).toEqual([[1, 1], [2, 2], [3, 3]]);
    check((m) => torch.stack([...m].map((r, i) => r.mul(i + 2))), [3, 2]);
  });
});
