// F.linear: x W^T + b, with PyTorch's shape check; the device's fused kernel when it has one.
import { bindArgs, defineSignature, emptyForKernel, fusedKernel, nameGradFn, recordOp, type Tensor } from '@x/tensor';

/** A 2-D linear through the device's fused kernel (one node, AddmmBackward0 or MmBackward0), or null. */
function fusedLinear(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor | null {
  const kernel = fusedKernel(input.device, 'linear');
  if (kernel === undefined || input.ndim !== 2 || weight.ndim !== 2 || (bias !== null && bias.ndim !== 1)) return null;
  if (weight.device !== input.device || (bias !== null && bias.device !== input.device)) return null;
  if (weight.dtype !== input.dtype || (bias !== null && bias.dtype !== input.dtype) || input.numel() === 0 || weight.numel() === 0) return null;
  const out = emptyForKernel([input.shape[0]!, weight.shape[0]!], input.dtype, input.device);
  if (!kernel(input, weight, bias, false, out)) {
    out.dispose();
    return null;
  }
  recordOp('linear', [input, weight, bias], [out], { bias: bias !== null });
  return out;
}

const LINEAR = defineSignature('nn.functional.linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor', { doc: 'x W^T + b.' });

/** x Wᵀ + b (PyTorch's `F.linear`). */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor;
export function linear(input: Tensor, weight: Tensor, options: { bias?: Tensor | null }): Tensor;
export function linear(options: { input: Tensor; weight: Tensor; bias?: Tensor | null }): Tensor;
export function linear(...args: unknown[]): Tensor {
  const { input, weight, bias } = bindArgs<{ input: Tensor; weight: Tensor; bias: Tensor | null }>(LINEAR, args);
  const inF = weight.shape[weight.ndim - 1];
  if (input.shape[input.ndim - 1] !== inF) {
    throw new RangeError(
      `linear: mat1 and mat2 shapes cannot be multiplied (input [${input.shape.join(', ')}], weight [${weight.shape.join(', ')}]: ` +
        `the input's last dim ${input.shape[input.ndim - 1]} must equal in_features ${inF})`,
    );
  }
  const viaKernel = fusedLinear(input, weight, bias ?? null);
  if (viaKernel !== null) return viaKernel;
  const y = input.matmul(weight.T);
  if (!bias) return y;
  // PyTorch fuses the 2-D case into one addmm
  return input.ndim === 2 ? nameGradFn(y.add(bias), 'AddmmBackward0') : y.add(bias);
}
