// Gradient rule of vector norms, PyTorch's norm_backward for each p: 0 at the zero vector (no 0/0),
// and for p = ±inf the gradient is shared by the elements whose |x| is the norm (NaNs included).
import { where, type Tensor } from '@x/tensor';
import { defineRules } from './registry';
import { toInput } from './elementwise';
import { reduced, restore } from './reduce';

/** The gradient of the p-norm of x (reduced over dims) given the output-shaped grad and norm, both restored. */
function normGrad(x: Tensor, p: number, g: Tensor, normOf: () => Tensor, dims: readonly number[]): Tensor {
  if (p === 1) return x.sign().mul(g);
  const norm = normOf();
  if (p === 2) return g.mul(where(norm.eq(0), 0, x.div(norm)));
  if (p === Infinity || p === -Infinity) {
    const ax = x.abs();
    const mask = ax.eq(norm).logicalOr(ax.isnan());
    return x.sign().mul(g.div(mask.sum([...dims], true)).mul(mask));
  }
  const zeroNorm = norm.eq(0);
  if (p < 1) {
    const scaled = x.sign().mul(where(x.eq(0), 0, x.abs().pow(p - 1)));
    return scaled.mul(g).mul(norm.pow(1 - p));
  }
  const scaled = p < 2 ? x.sign().mul(x.abs().pow(p - 1)) : x.mul(x.abs().pow(p - 2));
  return scaled.mul(where(zeroNorm, 0, g.div(norm.pow(p - 1))));
}

defineRules({
  norm: {
    name: 'NormBackward1',
    // p = 0 counts nonzeros: PyTorch gives no gradient, so nothing is kept for it
    save: (inputs, output, attrs) => (attrs.p === 0 ? [] : attrs.p === 1 ? [inputs[0]!] : [inputs[0]!, output]),
    backward: (a) => {
      const p = a.attrs.p as number;
      if (p === 0) return [null];
      const x = a.saved[0]!;
      return [toInput(a, 0, normGrad(x, p, restore(a, a.grad), () => restore(a, a.saved[1]!), reduced(a).dims))];
    },
  },
});
