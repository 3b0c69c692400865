// Gradient rules of the ops a device computes with one fused kernel (Backend.fused): softmax,
// log-softmax and linear. The composed forms need none (autograd differentiates their parts); these
// give the same gradients, with PyTorch's formulas and node names.
import { emptyForKernel, fusedKernel, isGradEnabled, ones as torchOnes, type FusedKernels, type Tensor, type TensorRef } from '@x/tensor';
import { defineRules, type RuleArgs } from './registry';
import { toInput } from './elementwise';

/** PyTorch's _softmax_backward_data / _log_softmax_backward_data, or the device's fused kernel for it. */
function softmaxBackward(grad: Tensor, y: Tensor, dim: number, log: boolean): Tensor {
  const kernel = fusedKernel(y.device, 'softmaxBackward');
  // not under createGraph (a double backward differentiates the composition)
  if (kernel !== undefined && !isGradEnabled() && y.numel() > 0 && grad.dtype === y.dtype && grad.device === y.device) {
    const g = grad.expand(y.shape);
    const out = emptyForKernel(y.shape, y.dtype, y.device);
    if (kernel(y, g, dim, log, out)) return out;
    out.dispose();
  }
  return log ? grad.sub(y.exp().mul(grad.sum(dim, true))) : grad.sub(grad.mul(y).sum(dim, true)).mul(y);
}

/** A 2-D view's transpose as the kernels take it (no view op). */
const transposed = (t: Tensor): TensorRef => ({ storage: t.storage, dtype: t.dtype, shape: [t.shape[1]!, t.shape[0]!], strides: [t.strides[1]!, t.strides[0]!], offset: t.offset });

/** grad @ weight, on the device's fused linear kernel (grad @ (weightᵀ)ᵀ) when it has one, without the matmul op's layout work. */
function inputGrad(grad: Tensor, weight: Tensor): Tensor {
  const kernel = fusedKernel(grad.device, 'linear');
  if (kernel !== undefined && !isGradEnabled() && grad.dtype === weight.dtype && grad.device === weight.device && grad.numel() > 0) {
    const out = emptyForKernel([grad.shape[0]!, weight.shape[1]!], grad.dtype, grad.device);
    if (kernel(grad, transposed(weight), null, false, out)) return out;
    out.dispose();
  }
  return grad.matmul(weight);
}

/** The device's addmm kernel where the engine lets a rule add to a leaf's .grad (RuleArgs.into), else undefined. */
function addmmInto(grad: Tensor, into: Tensor | null): FusedKernels['addmm'] {
  if (into === null || into.dtype !== grad.dtype || into.device !== grad.device) return undefined;
  return fusedKernel(grad.device, 'addmm');
}

/** gradᵀ @ x, added straight into the weight's .grad with one accumulating GEMM where the engine allows it. */
function weightGrad(grad: Tensor, x: Tensor, into: Tensor | null): Tensor {
  const kernel = addmmInto(grad, into);
  if (kernel !== undefined && x.dtype === grad.dtype && kernel(transposed(grad), x, into!)) return into!;
  return grad.mT.matmul(x);
}

/** grad summed over the batch, added straight into the bias's .grad (ones [1, M] @ grad) where the engine allows it. */
function biasGrad(a: RuleArgs): Tensor | null {
  const into = a.into?.[2] ?? null;
  const kernel = addmmInto(a.grad, into);
  if (kernel !== undefined && into!.ndim === 1) {
    const ones = torchOnes([1, a.grad.shape[0]!], { dtype: a.grad.dtype, device: a.grad.device });
    const row: TensorRef = { storage: into!.storage, dtype: into!.dtype, shape: [1, into!.shape[0]!], strides: [into!.shape[0]!, into!.strides[0]!], offset: into!.offset };
    if (kernel(ones, a.grad, row)) return into!;
  }
  return toInput(a, 2, a.grad.sum(0));
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
        a.needs[0] ? inputGrad(a.grad, weight) : null,
        a.needs[1] ? weightGrad(a.grad, x, a.into?.[1] ?? null) : null,
        a.needs[2] ? biasGrad(a) : null,
      ];
    },
  },
});
