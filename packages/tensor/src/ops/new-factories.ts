// x.newZeros/newOnes/newEmpty/newFull/newTensor: creation functions whose dtype and device default to
// x's (PyTorch's Tensor.new_* methods), so code that makes buffers "like this tensor" ports as is.
import type { Nested, Tensor } from '../tensor';
import type { TypedArray } from '../dtype';
import { checkSize } from '../shape';
import { filled, full, likeOptions, tensor, type TensorOptions } from './creation';

/** newZeros, newOnes, newEmpty: `size` filled with `value`, of x's dtype and device unless given. */
export function newFilled(op: string, x: Tensor, size: readonly number[], value: number, options: TensorOptions): Tensor {
  return filled(op, size, value, likeOptions(x, options));
}

/** A tensor of `size` filled with `fillValue`, of x's dtype (not the value's, unlike torch.full). */
export function newFull(x: Tensor, size: readonly number[], fillValue: number | boolean, options: TensorOptions): Tensor {
  return full(checkSize('newFull', size), fillValue, likeOptions(x, options));
}

/** A copy of `data` as a tensor of x's dtype and device (PyTorch's x.new_tensor(data)). */
export function newTensor(x: Tensor, data: Nested | TypedArray | Tensor, options: TensorOptions): Tensor {
  return tensor(data, likeOptions(x, options));
}
