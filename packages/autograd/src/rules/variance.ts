// Gradient rules of var and std (PyTorch's var_backward / std_backward).
import type { Tensor } from '@x/tensor';
import { defineRules, type RuleArgs } from './registry';
import { reduced, restore } from './reduce';
import { toInput } from './elementwise';

/** d var / dx * grad = 2 (x - mean) / (N - correction) * grad, over the reduced dims. */
function varGrad(a: RuleArgs, x: Tensor, grad: Tensor): Tensor {
  const { dims } = reduced(a);
  const n = dims.reduce((acc, d) => acc * x.shape[d]!, 1);
  const dof = n - (a.attrs.correction as number);
  const g = restore(a, grad);
  // No degrees of freedom over the whole tensor: PyTorch 1.13 returns the infinite 2 / dof times the
  // gradient; over some dims its formula gives inf * 0 = NaN, as this one does.
  if (dof <= 0 && dims.length === x.ndim) return g.mul(Infinity).expand([...x.shape]);
  return g.mul(2 / dof).mul(x.sub(x.mean(dims, true)));
}

defineRules({
  var: {
    name: 'VarBackward0',
    save: (inputs) => [inputs[0]!],
    backward: (a) => [toInput(a, 0, varGrad(a, a.saved[0]!, a.grad))],
  },
  std: {
    name: 'StdBackward0',
    save: (inputs, output) => [inputs[0]!, output],
    backward: (a) => {
      const [x, out] = a.saved as [Tensor, Tensor];
      // grad / (2 std), with 0 where std is 0 (a constant slice has no direction to move in).
      const scaled = a.grad.div(out.mul(2)).maskedFill(out.eq(0), 0);
      return [toInput(a, 0, varGrad(a, x, scaled))];
    },
  },
});
