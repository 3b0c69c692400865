// Gradient rules of the ops a device computes with one fused kernel (Backend.fused): softmax,
// log-softmax and linear. The composed forms need none (autograd differentiates their parts); these
// give the same gradients, with PyTorch's formulas and node names.
import { emptyLike, fusedKernel, isGradEnabled, type Tensor } from '@x/tensor';
import { defineRules } from './registry';
import { toInput } from './elementwise';

/** PyTorch's _softmax_backward_data / _log_softmax_backward_data, or the device's fused kernel for it. */
function softmaxBackward(grad: Tensor, y: Tensor, dim: number, log: boolean): Tensor {
  const kernel = fusedKernel(y.device, 'softmaxBackward');
  // not under createGraph (a double backward differentiates the composition)
  if (kernel !== undefined && !isGradEnabled() && y.numel() > 0 && grad.dtype === y.dtype && grad.device === y.device) {
    const g = grad.expand(y.shape);
    const out = emptyLike(y);
    if (kernel(y, g, dim, log, out)) return out;
    out.dispose();
  }
  return log ? grad.sub(y.exp().mul(grad.sum(dim, true))) : grad.sub(grad.mul(y).sum(dim, true)).mul(y);
}

/** grad^T @ x, added straight into the weight's .grad by the device's addmm kernel where the engine allows (RuleArgs.into). */
function weightGrad(grad: Tensor, x: Tensor, into: Tensor | null): Tensor {
  const kernel = into === null ? undefined : fusedKernel(x.device, 'addmm');
  if (kernel !== undefined && into!.dtype === grad.dtype && x.dtype === grad.dtype && into!.device === x.device && kernel(grad.mT, x, into!)) return into!;
  return grad.mT.matmul(x);
}

defineRules({
  softmax: {
    name: 'SoftmaxBackward0',
    save: (_inputs, output) => [output],
    backward: (a) => [toInput(a, 0, softmaxBackward(a.grad, a.saved[0]!, a.attrs.dim as number, false))],
  },
  logSoftmax: {
    name: 'LogSoftmaxBackward0',
    save: (_inputs, output) => [output],
    backward: (a) => [toInput(a, 0, softmaxBackward(a.grad, a.saved[0]!, a.attrs.dim as number, true))],
  },
  // x [M, K] @ weight [N, K]^T + bias [N]
  linear: {
    name: (attrs) => (attrs.bias === false ? 'MmBackward0' : 'AddmmBackward0'),
    save: (inputs) => [inputs[0]!, inputs[1]!],
    backward: (a) => {
      const [x, weight] = a.saved as [Tensor, Tensor];
      return [
        a.needs[0] ? a.grad.matmul(weight) : null,
        a.needs[1] ? weightGrad(a.grad, x, a.into?.[1] ?? null) : null,
        a.needs[2] ? toInput(a, 2, a.grad.sum(0)) : null,
      ];
    },
  },
});
