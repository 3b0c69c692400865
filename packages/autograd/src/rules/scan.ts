// Gradient rules of scans (cumsum, cumprod).
import { arange, isGradEnabled, where, type Tensor } from '@x/tensor';
import { defineRules } from './registry';
import { toInput } from './elementwise';

/** sum_{k >= i} w_k along dim: the gradient of cumsum. */
function reversedCumsum(w: Tensor, dim: number): Tensor {
  return w.flip(dim).cumsum(dim).flip(dim);
}

/**
 * The gradient of y = cumprod(x) in O(n), exact with zeros, never dividing by one. With z1 the first
 * zero along dim (and z2 the second):
 *  - i < z1: sum_{k >= i} g_k y_k / x_i (the terms k >= z1 vanish, and x_i != 0);
 *  - i = z1: (prod_{j < z1} x_j) * sum_{z1 <= k < z2} g_k prod_{z1 < j <= k} x_j;
 *  - i > z1: 0 (every term holds the factor x_z1 = 0).
 * Its own derivative drops the terms through the zero, so createGraph uses `cumprodGradExact`
 * (PyTorch switches to an O(n^2) formula in grad mode too).
 */
function cumprodGrad(g: Tensor, x: Tensor, y: Tensor, dim: number): Tensor {
  const zero = x.eq(0);
  const zerosSoFar = zero.cumsum(dim);
  const before = zerosSoFar.eq(0);
  const afterFirst = zerosSoFar.eq(1);
  const first = zero.logicalAnd(afterFirst);
  const early = reversedCumsum(where(before, g.mul(y), 0), dim).div(where(before, x, 1));
  const prefix = where(before, x, 1).cumprod(dim); // at z1: the product of the elements before it
  const run = where(afterFirst.logicalAnd(first.logicalNot()), x, 1).cumprod(dim); // prod_{z1 < j <= k} x_j
  const atFirst = prefix.mul(where(afterFirst, g.mul(run), 0).sum(dim, true));
  return where(before, early, where(first, atFirst, 0));
}

/**
 * The same gradient as a composition whose own derivative is exact everywhere (for createGraph):
 * sum_{k >= i} g_k prod_{j <= k, j != i} x_j, with an n x n matrix per slice (row i holds x with
 * x_i replaced by 1, and its cumprod along the row gives every product at once).
 */
function cumprodGradExact(g: Tensor, x: Tensor, dim: number): Tensor {
  const n = x.shape[dim]!;
  const xs = x.movedim(dim, -1).unsqueeze(-2); // [..., 1, n]: row i, column k holds x_k
  const gs = g.movedim(dim, -1).unsqueeze(-2);
  const i = arange(n, { device: x.device }).reshape([n, 1]);
  const k = arange(n, { device: x.device }).reshape([1, n]);
  const products = where(k.eq(i), 1, xs).cumprod(-1); // [..., n, n]
  const grad = where(k.ge(i), gs.mul(products), 0).sum(-1); // [..., n]
  return grad.movedim(-1, dim);
}

defineRules({
  cumsum: {
    name: 'CumsumBackward0',
    backward: (a) => {
      const m = a.inputs[0]!;
      const dim = a.attrs.dim as number;
      if (m.shape.length === 0 || m.shape[dim]! <= 1) return [toInput(a, 0, a.grad)];
      return [toInput(a, 0, reversedCumsum(a.grad, dim))];
    },
  },
  cumprod: {
    name: 'CumprodBackward0',
    save: (inputs, output) => [inputs[0]!, output],
    backward: (a) => {
      const [input, out] = a.saved as [Tensor, Tensor];
      const dim = a.attrs.dim as number;
      if (input.ndim === 0 || input.shape[dim]! <= 1) return [toInput(a, 0, a.grad)];
      const x = input.dtype === a.grad.dtype ? input : input.to(a.grad.dtype);
      // Grad mode is on at backward only with createGraph: then the gradient must be differentiable.
      const g = isGradEnabled() ? cumprodGradExact(a.grad, x, dim) : cumprodGrad(a.grad, x, out, dim);
      return [toInput(a, 0, g)];
    },
  },
});
