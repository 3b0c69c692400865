// Gradients of the elementwise, selection, reduction and scan ops: numerical checks (float64
// central differences) away from the kinks, PyTorch 1.13's values at the kinks (ties, zeros, NaN,
// infinities), second derivatives through createGraph, and integer inputs that get no gradient.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import { grad, gradcheck } from '../src/index';
import * as torch from '@x/tensor';

type Tensor = torch.Tensor;
type Nested = torch.Nested;
const f64 = { dtype: 'float64' as const };
const leaf = (v: Nested) => torch.tensor(v, { ...f64, requiresGrad: true });
/** A float64 leaf holding t's values. */
const asLeaf = (t: Tensor) => t.detach().to('float64').contiguous().clone().requiresGrad_();

// ---- random inputs, seeded and kept away from each op's kinks ----
const rand = (shape: number[]) => torch.rand(shape, f64);
/** Uniform in [lo, hi). */
const uniform = (shape: number[], lo: number, hi: number) => asLeaf(rand(shape).mul(hi - lo).add(lo));
/** |x| in [lo, hi) with a random sign: away from 0. */
function signed(shape: number[], lo = 0.3, hi = 1.5): Tensor {
  const m = rand(shape).mul(hi - lo).add(lo);
  return asLeaf(torch.where(rand(shape).lt(0.5), m.neg(), m));
}
/** An integer in [-3, 3) plus a fraction in [0.2, 0.8): away from integers (and from .5 for round). */
function fractional(shape: number[]): Tensor {
  const frac = torch.where(rand(shape).lt(0.5), rand(shape).mul(0.2).add(0.2), rand(shape).mul(0.2).add(0.6));
  return asLeaf(torch.randint(-3, 3, shape).to('float64').add(frac));
}
/** Distinct values (by at least 1 - 0.2), shuffled: no ties for max/min. */
const distinct = (shape: number[]) => asLeaf(torch.randperm(shape.reduce((a, b) => a * b, 1)).to('float64').sub(3).add(rand([1]).mul(0.2)).reshape(shape));

function check(fn: (...xs: Tensor[]) => Tensor, ...xs: Tensor[]): void {
  expect(gradcheck(fn, xs)).toBe(true);
}

/** gradcheck of fn's gradients (createGraph) with a fixed upstream weight: second derivatives. */
function checkSecond(fn: (...xs: Tensor[]) => Tensor, ...xs: Tensor[]): void {
  const first = (...args: Tensor[]): Tensor =>
    // gradcheck runs fn under noGrad for its differences: the inner grad() needs grad mode on.
    torch.enableGrad(() => {
      const y = fn(...args);
      const w = torch.arange(1, y.numel() + 1, f64).reshape([...y.shape]).mul(0.37).sin();
      const gs = grad(y.mul(w).sum(), args, { createGraph: true, allowUnused: true });
      return torch.cat(gs.map((g, i) => (g ?? torch.zerosLike(args[i]!)).reshape(-1)));
    });
  expect(gradcheck(first, xs)).toBe(true);
}

// ---- PyTorch's values ----
/** Each input's gradient after backward(gradOut ?? ones): nested lists, null where none. */
function gradsOf(fn: (...xs: Tensor[]) => Tensor, inputs: (Nested | Tensor)[], gradOut?: Nested): (Nested | null)[] {
  const xs = inputs.map((v) => (torch.isTensor(v) ? v : leaf(v)));
  const y = fn(...xs);
  y.backward(gradOut === undefined ? torch.onesLike(y) : torch.tensor(gradOut, { dtype: y.dtype }));
  return xs.filter((x) => x.requiresGrad).map((x) => (x.grad === null ? null : x.grad.tolistSync()));
}

/** Close within 1e-12 + 1e-9 relative, NaN equal to NaN, infinities exact. */
function expectClose(actual: unknown, expected: unknown, path = ''): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path}: expected a list`).toBe(true);
    const a = actual as unknown[];
    expect(a.length, `${path}: length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose(a[i], e, `${path}[${i}]`));
    return;
  }
  if (expected === null) {
    expect(actual, path).toBeNull();
    return;
  }
  const e = expected as number;
  const v = actual as number;
  if (Number.isNaN(e)) expect(Number.isNaN(v), `${path}: expected NaN, got ${v}`).toBe(true);
  else if (!Number.isFinite(e)) expect(v, path).toBe(e);
  else expect(Math.abs(v - e) <= 1e-12 + 1e-9 * Math.abs(e), `${path}: got ${v}, expected ${e}`).toBe(true);
}

const inf = Infinity;

describe('unary ops: gradcheck away from the kinks', () => {
  torch.manualSeed(1);
  const shape = [2, 3];
  const cases: [string, (x: Tensor) => Tensor, () => Tensor][] = [
    ['neg', (x) => x.neg(), () => uniform(shape, -2, 2)],
    ['abs', (x) => x.abs(), () => signed(shape)],
    ['sign', (x) => x.sign(), () => signed(shape)],
    ['exp', (x) => x.exp(), () => uniform(shape, -2, 2)],
    ['log', (x) => x.log(), () => uniform(shape, 0.3, 3)],
    ['log1p', (x) => x.log1p(), () => uniform(shape, -0.7, 3)],
    ['expm1', (x) => x.expm1(), () => uniform(shape, -2, 2)],
    ['sqrt', (x) => x.sqrt(), () => uniform(shape, 0.3, 3)],
    ['rsqrt', (x) => x.rsqrt(), () => uniform(shape, 0.3, 3)],
    ['sin', (x) => x.sin(), () => uniform(shape, -3, 3)],
    ['cos', (x) => x.cos(), () => uniform(shape, -3, 3)],
    ['tanh', (x) => x.tanh(), () => uniform(shape, -2, 2)],
    ['sigmoid', (x) => x.sigmoid(), () => uniform(shape, -3, 3)],
    ['relu', (x) => x.relu(), () => signed(shape)],
    ['floor', (x) => x.floor(), () => fractional(shape)],
    ['ceil', (x) => x.ceil(), () => fractional(shape)],
    ['round', (x) => x.round(), () => fractional(shape)],
    ['trunc', (x) => x.trunc(), () => fractional(shape)],
    ['reciprocal', (x) => x.reciprocal(), () => signed(shape)],
    ['erf', (x) => x.erf(), () => uniform(shape, -2, 2)],
  ];
  for (const [name, fn, make] of cases) it(name, () => check(fn, make()));
});

describe('binary ops: gradcheck with broadcasting and JS-number operands', () => {
  torch.manualSeed(2);
  it('add, sub, mul, div of [2, 3] and [3] (and [2, 1] with [1, 3])', () => {
    for (const f of [(a: Tensor, b: Tensor) => a.add(b), (a: Tensor, b: Tensor) => a.sub(b), (a: Tensor, b: Tensor) => a.mul(b), (a: Tensor, b: Tensor) => a.div(b)]) {
      check(f, uniform([2, 3], -2, 2), signed([3]));
      check(f, uniform([2, 1], -2, 2), signed([1, 3]));
    }
  });
  it('add and sub with alpha, mul and div by a number', () => {
    check((a, b) => a.add(b, { alpha: 2.5 }).sub(b, { alpha: -0.5 }), uniform([2, 3], -2, 2), uniform([3], -1, 1));
    check((a) => a.mul(3).div(-1.5), uniform([4], -2, 2));
  });
  it('pow: tensor ** tensor (broadcast), tensor ** number', () => {
    check((a, b) => a.pow(b), uniform([2, 3], 0.5, 2), uniform([3], -2, 2));
    check((a, b) => a.pow(b), uniform([2, 1], 0.5, 2), uniform([1, 3], -2, 2));
    for (const e of [3, 2, 0.5, -1.5, 0, 1]) check((a) => a.pow(e), uniform([5], 0.5, 2));
  });
  it('remainder: tensor % tensor (broadcast), tensor % number', () => {
    const b = uniform([3], 1.5, 2.5);
    const a = asLeaf(fractional([2, 3]).detach().mul(b));
    check((x, y) => x.remainder(y), a, b);
    check((x) => x.remainder(-1), fractional([2, 3]));
  });
  it('maximum and minimum of distinct values (broadcast)', () => {
    const a = uniform([2, 3], -2, 2);
    const b = asLeaf(a.detach().narrow(0, 0, 1).add(signed([1, 3]).detach()));
    check((x, y) => x.maximum(y), a, b);
    check((x, y) => x.minimum(y), a, b);
  });
  it('atan2 (broadcast)', () => {
    check((x, y) => x.atan2(y), signed([2, 3]), signed([3]));
  });
});

describe('selection ops: gradcheck', () => {
  torch.manualSeed(3);
  it('where with a broadcast condition and operands, and with a JS number', () => {
    const cond = torch.tensor([true, false, true]);
    check((a, b) => torch.where(cond, a, b), uniform([2, 3], -1, 1), uniform([2, 1], -1, 1));
    check((a) => torch.where(cond, 0.5, a), uniform([2, 3], -1, 1));
  });
  it('clamp with number bounds, one bound, and tensor bounds (broadcast)', () => {
    const x = asLeaf(torch.tensor([-1.3, -0.7, 0.1, 0.6, 1.2, 2.0], f64));
    check((t) => t.clamp(-0.5, 0.5), x);
    check((t) => t.clamp(0), x);
    check((t) => t.clamp(null, 0.3), x);
    const lo = asLeaf(torch.tensor([-1, 0, 0, 0.3, 1.5, 1.0], f64));
    const hi = asLeaf(torch.tensor([1], f64));
    check((t, l, h) => t.clamp(l, h), x, lo, hi);
  });
  it('maskedFill with a number and with a 0-d tensor value, mask broadcast', () => {
    const mask = torch.tensor([[true], [false]]);
    check((x) => x.maskedFill(mask, 2), uniform([2, 3], -1, 1));
    check((x, v) => x.maskedFill(mask, v), uniform([3], -1, 1), uniform([], -1, 1));
  });
});

describe('reductions and scans: gradcheck', () => {
  torch.manualSeed(4);
  it('sum over dims, with and without keepdim', () => {
    check((x) => x.sum([0, 2]), uniform([2, 3, 2], -1, 1));
    check((x) => x.sum(1, true), uniform([2, 3], -1, 1));
  });
  it('prod of everything and along a dim, with and without zeros', () => {
    check((x) => x.prod(), uniform([2, 3], 0.5, 1.5));
    check((x) => x.prod(1), uniform([2, 3], -1.5, 1.5));
    check((x) => x.prod(0, true), uniform([3, 2], -1.5, 1.5));
    check((x) => x.prod(), leaf([[2, 0, 3], [0.5, 1.5, -1]]));
    check((x) => x.prod(), leaf([[2, 1.5, 3], [0.5, 0, -1]]));
    check((x) => x.prod(1), leaf([[2, 0, 3], [0, 1.5, 0], [1, 2, 3]]));
  });
  it('amax/amin, max()/min(), max(dim)/min(dim) on distinct values', () => {
    const x = distinct([3, 4]);
    check((t) => t.amax(1), x);
    check((t) => t.amin([0, 1], true), x);
    check((t) => t.max(), x);
    check((t) => t.min(), x);
    check((t) => t.max(1).values, x);
    check((t) => t.min(0, true).values, x);
  });
  it('logsumexp over one and several dims', () => {
    check((x) => x.logsumexp(1), uniform([2, 3], -2, 2));
    check((x) => x.logsumexp([0, 1], true), uniform([2, 3], -2, 2));
  });
  it('norm for p in 2, 1, inf, -inf, 3, 1.5, 0.5 (all dims and one dim)', () => {
    const x = asLeaf(distinct([2, 4]).detach().add(0.5).mul(torch.tensor([1, -1, -1, 1], f64)));
    for (const p of [2, 1, Infinity, -Infinity, 3, 1.5, 0.5]) {
      check((t) => t.norm(p), x);
      check((t) => t.norm(p, 1), x);
      check((t) => t.norm(p, 0, true), x);
    }
  });
  it('cumsum along each dim', () => {
    check((x) => x.cumsum(0), uniform([3, 4], -1, 1));
    check((x) => x.cumsum(-1), uniform([3, 4], -1, 1));
  });
  it('cumprod along each dim, with and without zeros', () => {
    check((x) => x.cumprod(0), uniform([3, 4], -1.5, 1.5));
    check((x) => x.cumprod(1), uniform([3, 4], -1.5, 1.5));
    check((x) => x.cumprod(0), leaf([2, 0, 3, 0, 5, 0.5]));
    check((x) => x.cumprod(1), leaf([[1, 0, 3, 2], [0, 0, 2, 3], [2, 3, 4, 0]]));
  });
});

describe("PyTorch's gradients at the kinks", () => {
  it('abs and sign at 0 (and -0): 0; relu at 0: 0', () => {
    expectClose(gradsOf((x) => x.abs(), [[-0, 0, 1.5, -2]]), [[0, 0, 1, -1]]);
    expectClose(gradsOf((x) => x.sign(), [[-1, 0, 2]]), [[0, 0, 0]]);
    expectClose(gradsOf((x) => x.relu(), [[0, -1, 2, -0]]), [[0, 0, 1, 0]]);
  });
  it('sqrt, rsqrt, reciprocal and log at 0: infinite', () => {
    expectClose(gradsOf((x) => x.sqrt(), [[0, 4]]), [[inf, 0.25]]);
    expectClose(gradsOf((x) => x.rsqrt(), [[0, 4]]), [[-inf, -0.0625]]);
    expectClose(gradsOf((x) => x.reciprocal(), [[0, -2]]), [[-inf, -0.25]]);
    expectClose(gradsOf((x) => x.log(), [[0, 2]]), [[inf, 0.5]]);
  });
  it('floor, ceil, round, trunc, sign: zero gradient', () => {
    for (const f of [(x: Tensor) => x.floor(), (x: Tensor) => x.ceil(), (x: Tensor) => x.round(), (x: Tensor) => x.trunc()]) {
      expectClose(gradsOf(f, [[-1.5, 0, 2.5]], [3, -2, 1]), [[0, 0, 0]]);
    }
  });
  it('erf', () => {
    expectClose(gradsOf((x) => x.erf(), [[0, 1, -2]]), [[1.1283791670955126, 0.4151074974205947, 0.020666985354092053]]);
  });
  it('maximum/minimum: ties split the gradient in half; a NaN gives both operands all of it', () => {
    expectClose(gradsOf((a, b) => a.maximum(b), [[1, 2, 3, NaN], [1, 0, 5, 1]], [2, 2, 2, 2]), [[1, 2, 0, 2], [1, 0, 2, 2]]);
    expectClose(gradsOf((a, b) => a.minimum(b), [[1, 2, 3, NaN], [1, 0, 5, 1]], [2, 2, 2, 2]), [[1, 0, 2, 2], [1, 2, 0, 2]]);
  });
  it('clamp passes the gradient where min <= x <= max, ends included', () => {
    expectClose(gradsOf((x) => x.clamp(-1, 1), [[-1, 0, 1, 2, -3]]), [[1, 1, 1, 0, 0]]);
    expectClose(gradsOf((x) => x.clamp(0), [[0, -1, 1]]), [[1, 0, 1]]);
    expectClose(gradsOf((x) => x.clamp(null, 0), [[0, -1, 1]]), [[1, 1, 0]]);
    // tensor bounds: min gets it below min (unless min > max), max above max or where min > max
    expectClose(gradsOf((x, lo, hi) => x.clamp(lo, hi), [[0, 1, 2, 3], [1, 1, 1, 4], [2, 0.5, 2, 2]]), [[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 1]]);
  });
  it('pow: no base gradient where the exponent is 0, no exponent gradient at base 0 with exponent >= 0', () => {
    expectClose(gradsOf((a, b) => a.pow(b), [[0, 0, 2, 0, -2], [0, 2, 0, -1, 2]]), [[0, 0, 0, -inf, -4], [0, 0, 0.6931471805599453, -inf, NaN]]);
    expectClose(gradsOf((x) => x.pow(0), [[0, 2]]), [[0, 0]]);
    expectClose(gradsOf((x) => x.pow(2), [[0, 2]]), [[0, 4]]);
    expectClose(gradsOf((x) => x.pow(0.5), [[0, 4]]), [[inf, 0.25]]);
  });
  it('remainder: (g, -g * floor(a / b)), with floor division as PyTorch at infinities', () => {
    expectClose(gradsOf((a, b) => a.remainder(b), [[7.5, -7.5, -2, 5, inf], [2, 2, inf, -inf, 2]]), [[1, 1, 1, 1, 1], [-3, 4, 1, 1, NaN]]);
  });
  it('atan2', () => {
    expectClose(gradsOf((a, b) => a.atan2(b), [[1, 0, -2], [2, 1, 0.5]]), [[0.4, 1, 0.11764705882352941], [-0.2, -0, 0.47058823529411764]]);
  });
  it('amax/amin and max()/min() spread the gradient evenly over ties; max() also over NaNs, amax gives NaN', () => {
    expectClose(gradsOf((x) => x.amax(1), [[[1, 3, 3], [2, 2, -1]]]), [[[0, 0.5, 0.5], [0.5, 0.5, 0]]]);
    expectClose(gradsOf((x) => x.amax(), [[3, 3, 1]]), [[0.5, 0.5, 0]]);
    expectClose(gradsOf((x) => x.max(), [[1, NaN, NaN, 3]]), [[0, 0.5, 0.5, 0]]);
    expectClose(gradsOf((x) => x.amax(), [[1, NaN, NaN, 3]]), [[NaN, NaN, NaN, NaN]]);
    expectClose(gradsOf((x) => x.min(), [[1, -1, -1, 3]]), [[0, 0.5, 0.5, 0]]);
  });
  it('max(dim)/min(dim) give the whole gradient to the returned index', () => {
    expectClose(gradsOf((x) => x.max(1).values, [[[1, 3, 3], [2, 2, -1]]]), [[[0, 1, 0], [1, 0, 0]]]);
    expectClose(gradsOf((x) => x.min(0, true).values, [[[1, 3, 3], [1, 2, -1]]]), [[[1, 0, 0], [0, 1, 1]]]);
  });
  it('prod with zeros: the product of the others, never a division by zero', () => {
    expectClose(gradsOf((x) => x.prod(), [[2, 0, 3]]), [[0, 6, 0]]);
    expectClose(gradsOf((x) => x.prod(), [[0, 0, 3]]), [[0, 0, 0]]);
    expectClose(gradsOf((x) => x.prod(0), [[[2, 0], [3, 4]]]), [[[3, 4], [2, 0]]]);
    expectClose(gradsOf((x) => x.prod(1, true), [[[2, 0, 5], [3, 4, 0.5]]]), [[[0, 10, 0], [2, 1.5, 12]]]);
  });
  it('norm: 0 at the zero vector, ties shared for p = ±inf, none for p = 0', () => {
    expectClose(gradsOf((x) => x.norm(), [[0, 0, 0]]), [[0, 0, 0]]);
    expectClose(gradsOf((x) => x.norm(3), [[0, 0]]), [[0, 0]]);
    expectClose(gradsOf((x) => x.norm(inf), [[3, -3, 1]]), [[0.5, -0.5, 0]]);
    expectClose(gradsOf((x) => x.norm(-inf), [[3, -1, 1]]), [[0, -0.5, 0.5]]);
    expectClose(gradsOf((x) => x.norm(1), [[0, -2, 3]]), [[0, -1, 1]]);
    expectClose(gradsOf((x) => x.norm(0), [[0, -2, 3]]), [null]);
    expectClose(gradsOf((x) => x.norm(0.5), [[0, 4, 1]]), [[0, 1.5, 3]]);
    expectClose(gradsOf((x) => x.norm(1.5, 1), [[[0, 4, 1], [0, 0, 0]]]), [[[0, 0.9614997135382722, 0.4807498567691361], [0, 0, 0]]]);
  });
  it('logsumexp: softmax times the gradient', () => {
    expectClose(gradsOf((x) => x.logsumexp(1), [[[1, 2, 3]]]), [[[0.09003057317038043, 0.24472847105479759, 0.6652409557748217]]]);
  });
  it('cumsum and cumprod (zeros included)', () => {
    expectClose(gradsOf((x) => x.cumsum(0), [[1, 2, 3]], [1, 2, 3]), [[6, 5, 3]]);
    expectClose(gradsOf((x) => x.cumprod(0), [[2, 0, 3, 0, 5]], [1, 2, 3, 4, 5]), [[1, 22, 0, 0, 0]]);
    expectClose(gradsOf((x) => x.cumprod(0), [[1, 2, 0, 4]], [1, -1, 2, 3]), [[-1, -1, 28, 0]]);
    expectClose(gradsOf((x) => x.cumprod(0), [[[1, 0, 3], [2, 5, 0], [4, 6, 7]]]), [[[11, 36, 1], [5, 0, 24], [2, 0, 0]]]);
  });
  it('where and maskedFill: the gradient goes where each value was picked', () => {
    expectClose(gradsOf((a) => torch.where(torch.tensor([true, false, true]), a, 0.5), [[1, 2, 3]], [4, 5, 6]), [[4, 0, 6]]);
    const value = torch.tensor(7, { ...f64, requiresGrad: true });
    expectClose(gradsOf((x, v) => x.maskedFill(torch.tensor([true, false, true]), v), [[1, 2, 3], value], [4, 5, 6]), [[0, 5, 0], 10]);
  });
  it('div', () => {
    expectClose(gradsOf((a, b) => a.div(b), [[1, 2], [0.5, 4]]), [[2, 0.25], [-4, -0.125]]);
  });
});

describe('second derivatives (createGraph)', () => {
  const second = (fn: (x: Tensor) => Tensor, x: Tensor, w: Nested, u: Nested): Nested => {
    const y = fn(x);
    const [g] = grad(y, [x], { gradOutputs: torch.tensor(w, f64), createGraph: true });
    const [h] = grad(g!, [x], { gradOutputs: torch.tensor(u, f64) });
    return h!.tolistSync();
  };
  it('d²/dx² of x³ at 2 is 12, through pow and through mul', () => {
    expect(second((x) => x.pow(3), leaf(2), 1, 1)).toBe(12);
    expect(second((x) => x.mul(x).mul(x), leaf(2), 1, 1)).toBe(12);
  });
  it('d²/dx² of sin is -sin, of exp is exp', () => {
    expectClose(second((x) => x.sin(), leaf([0.5, -1]), [1, 1], [1, 1]), [-Math.sin(0.5), -Math.sin(-1)]);
    expectClose(second((x) => x.exp(), leaf([0.5]), [1], [1]), [Math.exp(0.5)]);
  });
  it('cumprod and prod with zeros: exact Hessian-vector products, as PyTorch', () => {
    expectClose(second((x) => x.cumprod(0), leaf([2, 0, 3, 0.5]), [1, 2, 3, 4], [0.5, -1, 2, 1]), [-17, 52.5, -10, -24]);
    expectClose(second((x) => x.cumprod(0), leaf([2, 1.5, 3, 0.5]), [1, 2, 3, 4], [0.5, -1, 2, 1]), [16, 52.5, 5.75, 9]);
    expectClose(second((x) => x.prod(), leaf([2, 0, 3, 0.5]), 1, [0.5, -1, 2, 1]), [-1.5, 8.75, -1, -6]);
    expectClose(second((x) => x.prod(1), leaf([[2, 0, 3], [1, 2, 0.5]]), [1, 2], [[0.5, -1, 2], [1, 1, -2]]), [[-3, 5.5, -2], [-7, -3, 6]]);
  });
  torch.manualSeed(5);
  const shape = [2, 3];
  const unary: [string, (x: Tensor) => Tensor, () => Tensor][] = [
    ['exp', (x) => x.exp(), () => uniform(shape, -1, 1)],
    ['log', (x) => x.log(), () => uniform(shape, 0.5, 2)],
    ['log1p', (x) => x.log1p(), () => uniform(shape, 0, 2)],
    ['expm1', (x) => x.expm1(), () => uniform(shape, -1, 1)],
    ['sqrt', (x) => x.sqrt(), () => uniform(shape, 0.5, 2)],
    ['rsqrt', (x) => x.rsqrt(), () => uniform(shape, 0.5, 2)],
    ['sin', (x) => x.sin(), () => uniform(shape, -2, 2)],
    ['cos', (x) => x.cos(), () => uniform(shape, -2, 2)],
    ['tanh', (x) => x.tanh(), () => uniform(shape, -1, 1)],
    ['sigmoid', (x) => x.sigmoid(), () => uniform(shape, -2, 2)],
    ['reciprocal', (x) => x.reciprocal(), () => signed(shape, 0.5, 2)],
    ['erf', (x) => x.erf(), () => uniform(shape, -1, 1)],
    ['abs, relu, neg', (x) => x.abs().add(x.relu()).neg(), () => signed(shape)],
    ['pow by numbers', (x) => x.pow(3).add(x.pow(-1.5)), () => uniform(shape, 0.5, 2)],
    ['clamp and where', (x) => torch.where(x.gt(0), x.mul(x), x.exp()).clamp(-0.5, 0.8), () => signed(shape, 0.2, 1)],
    ['maskedFill', (x) => x.mul(x).maskedFill(torch.tensor([true, false, true]), 1), () => uniform(shape, -1, 1)],
    ['prod (all, dim)', (x) => x.prod().add(x.prod(1).sum()), () => uniform(shape, -1.5, 1.5)],
    ['amax, max(dim)', (x) => x.mul(x).amax(1).add(x.mul(x).max(0).values.sum()), () => distinct(shape)],
    ['logsumexp', (x) => x.logsumexp(1), () => uniform(shape, -1, 1)],
    ['norm 2, 3, 1.5, 0.5', (x) => x.norm().add(x.norm(3, 1).sum()).add(x.norm(1.5)).add(x.norm(0.5, 0).sum()), () => signed(shape)],
    ['cumsum, cumprod', (x) => x.cumsum(1).mul(x).add(x.cumprod(1)), () => uniform(shape, -1.5, 1.5)],
  ];
  for (const [name, fn, make] of unary) it(`gradcheck of the gradient: ${name}`, () => checkSecond(fn, make()));
  it('gradcheck of the gradient: binary ops with broadcasting', () => {
    checkSecond((a, b) => a.mul(b).add(a.div(b)), uniform([2, 3], -1, 1), signed([3]));
    checkSecond((a, b) => a.pow(b), uniform([2, 3], 0.5, 2), uniform([3], -1.5, 1.5));
    checkSecond((a, b) => a.atan2(b), signed([2, 3]), signed([3]));
    checkSecond((a, b) => a.maximum(b).mul(a.minimum(b)), uniform([3], -1, 1), asLeaf(torch.tensor([-1.5, 0.1, 1.2], f64)));
    checkSecond((a, b) => a.remainder(b).mul(b), asLeaf(torch.tensor([2.3, -1.7, 4.1], f64)), asLeaf(torch.tensor([1.5, 1.1, -1.6], f64)));
  });
  it('gradcheck of the gradient: cumprod with zeros (the exact formula)', () => {
    checkSecond((x) => x.cumprod(1), leaf([[1, 0, 3, 2], [0, 0, 2, 3], [2, 3, 4, 0]]));
    checkSecond((x) => x.prod(1), leaf([[1, 0, 3, 2], [0, 0, 2, 3], [2, 3, 4, 0.5]]));
  });
});

describe('dtypes: integer and bool inputs get no gradient; float32 gradients stay float32', () => {
  it('integer tensors cannot require grad', () => {
    expect(() => torch.tensor([1, 2]).requiresGrad_()).toThrow();
    expect(() => torch.tensor([true]).requiresGrad_()).toThrow();
  });
  it('ops mixing a float input that requires grad with integer and bool operands', () => {
    const x = leaf([1.5, 2.5, -0.5]);
    const n = torch.tensor([2, -1, 3]);
    const b = torch.tensor([true, false, true]);
    const y = x.mul(n).add(x.pow(n)).add(x.maximum(n)).add(torch.where(b, x, n)).add(x.clamp(n.sub(4), n)).add(x.remainder(n)).add(x.atan2(n)).add(b.remainder(x));
    y.sum().backward();
    expect(n.grad).toBeNull();
    expect(b.grad).toBeNull();
    expect(x.grad?.dtype).toBe('float64');
    // an integer base: only the float exponent gets a gradient
    const e = leaf([0.5, 2]);
    torch.tensor([4, 3]).pow(e).sum().backward();
    // (PyTorch takes the log of an integer base in float32)
    const [g0, g1] = e.grad!.tolistSync() as number[];
    expect(g0).toBeCloseTo(2 * Math.log(4), 6);
    expect(g1).toBeCloseTo(9 * Math.log(3), 6);
  });
  it('float32 and float64 operands: each gradient in its own dtype', () => {
    const a = torch.tensor([1.5, -2], { dtype: 'float32', requiresGrad: true });
    const b = torch.tensor([0.5, 3], { dtype: 'float64', requiresGrad: true });
    a.mul(b).add(a.pow(b)).sum().backward();
    expect(a.grad?.dtype).toBe('float32');
    expect(b.grad?.dtype).toBe('float64');
    const x = torch.tensor([0.25, 4], { dtype: 'float32', requiresGrad: true });
    x.sqrt().add(x.prod()).add(x.norm()).add(x.cumprod(0).sum()).sum().backward();
    expect(x.grad?.dtype).toBe('float32');
  });
});

describe('what the rules keep', () => {
  it('mul keeps only the operand the other one needs: modifying the unneeded one in place is fine', () => {
    const w = leaf([1, 2]);
    const x = w.mul(1);
    const c = torch.tensor([3, 4], f64);
    const y = x.mul(c);
    x.add_(1); // MulBackward needs c (for x's gradient), not x (c needs no gradient)
    y.sum().backward();
    expect(w.grad?.tolistSync()).toEqual([3, 4]);
  });
  it('modifying an operand it does need is an error', () => {
    const w = leaf([1, 2]);
    const c = torch.tensor([3, 4], f64);
    const y = w.mul(c);
    c.add_(1);
    expect(() => y.sum().backward()).toThrow(/modified by an inplace operation/);
  });
  it('gradFn names are PyTorch names', () => {
    const x = leaf([1, 2]);
    expect(x.exp().gradFn?.name).toBe('ExpBackward0');
    expect(x.pow(2).gradFn?.name).toBe('PowBackward0');
    expect(x.clamp(0, 1).gradFn?.name).toBe('ClampBackward1');
    expect(x.prod().gradFn?.name).toBe('ProdBackward0'); // PyTorch 1.13: prod() is ProdBackward0, prod(dim) ProdBackward1
    expect(x.prod(0).gradFn?.name).toBe('ProdBackward1');
    expect(x.max(0).values.gradFn?.name).toBe('MaxBackward0');
    expect(x.cumprod(0).gradFn?.name).toBe('CumprodBackward0');
  });
});
