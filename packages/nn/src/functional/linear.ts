// F.linear: x W^T + b, with PyTorch's shape check.
import { nameGradFn, type Tensor } from '@x/tensor';

export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const inF = weight.shape[weight.ndim - 1];
  if (input.shape[input.ndim - 1] !== inF) {
    throw new RangeError(
      `linear: mat1 and mat2 shapes cannot be multiplied (input [${input.shape.join(', ')}], weight [${weight.shape.join(', ')}]: ` +
        `the input's last dim ${input.shape[input.ndim - 1]} must equal in_features ${inF})`,
    );
  }
  const y = input.matmul(weight.T);
  if (!bias) return y;
  // PyTorch fuses the 2-D case into one addmm
  return input.ndim === 2 ? nameGradFn(y.add(bias), 'AddmmBackward0') : y.add(bias);
}
