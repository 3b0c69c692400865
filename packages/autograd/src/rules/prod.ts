// Gradient rule of prod: the product of the other elements, exact with zeros (no division by zero).
// PyTorch picks between result / input and a zero-safe formula by looking at the data; here both are
// computed and `where` picks, so the rule never reads values back (it runs the same on any device).
import { cat, ones, where, type Tensor } from '@x/tensor';
import { defineRules } from './registry';
import { toInput } from './elementwise';
import { reduced, restore } from './reduce';

/**
 * grad * (product of the other elements along `dim`), as exclusive cumulative products from both
 * ends (PyTorch's prod_safe_zeros_backward): [a, b, c] -> [1, a, ab] * [bc, c, 1].
 */
export function productOfOthers(grad: Tensor, x: Tensor, dim: number): Tensor {
  const n = x.shape[dim]!;
  if (x.numel() === 0 || n === 1) return grad.expand([...x.shape]);
  const one = ones(x.shape.map((s, i) => (i === dim ? 1 : s)), { dtype: x.dtype, device: x.device });
  const before = cat([one, x.narrow(dim, 0, n - 1)], dim).cumprod(dim);
  const after = cat([one, x.narrow(dim, 1, n - 1).flip(dim)], dim).cumprod(dim).flip(dim);
  return grad.mul(before.mul(after));
}

defineRules({
  prod: {
    name: 'ProdBackward1',
    save: (inputs, output) => [inputs[0]!, output],
    backward: (a) => {
      const [input, out] = a.saved as [Tensor, Tensor];
      const { dims, keepdim, shape } = reduced(a);
      if (shape.length === 0) return [toInput(a, 0, a.grad)];
      const x = input.dtype === a.grad.dtype ? input : input.to(a.grad.dtype);
      const g = restore(a, a.grad);
      const r = restore(a, out);
      const zero = x.eq(0);
      if (dims.length === shape.length && !keepdim) {
        // prod() of everything: no zero -> result / x; one zero -> the product of the others; more -> 0
        const count = zero.sum();
        const plain = g.mul(r.div(where(zero, 1, x)));
        const safe = productOfOthers(g.reshape(-1), x.reshape(-1), 0).reshape([...shape]);
        return [toInput(a, 0, where(count.eq(0), plain, where(count.gt(1), 0, safe)))];
      }
      // prod(dim): result / x unless the input has a zero anywhere, then the product of the others
      const any = zero.any();
      const plain = g.mul(r.div(where(any, 1, x)));
      return [toInput(a, 0, where(any, productOfOthers(g, x, dims[0]!), plain))];
    },
  },
});
