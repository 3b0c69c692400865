// x.newZeros/newOnes/newEmpty/newFull/newTensor: creation functions whose dtype and device default to
// x's (PyTorch's Tensor.new_* methods), so code that makes buffers "like this tensor" ports as is.
import { checkSize, splitSizeArgs } from '../shape';
import type { Nested, Tensor } from '../tensor';
import type { TypedArray } from '../dtype';
import { empty, full, ones, tensor, zeros, type TensorOptions } from './creation';

export type NewSizeArgs = (number | readonly number[] | TensorOptions | undefined)[];

/** x's dtype and device, overridden by the options. */
function like(x: Tensor, options: TensorOptions | undefined): TensorOptions {
  return { dtype: x.dtype, device: x.device, ...options };
}

function sized(op: string, x: Tensor, args: NewSizeArgs): [number[], TensorOptions] {
  const { size, options } = splitSizeArgs<TensorOptions>(op, args);
  return [size, like(x, options)];
}

export function newZeros(x: Tensor, args: NewSizeArgs): Tensor {
  return zeros(...sized('newZeros', x, args));
}

export function newOnes(x: Tensor, args: NewSizeArgs): Tensor {
  return ones(...sized('newOnes', x, args));
}

export function newEmpty(x: Tensor, args: NewSizeArgs): Tensor {
  return empty(...sized('newEmpty', x, args));
}

/** A tensor of `size` filled with `fillValue`, of x's dtype (not the value's, unlike torch.full). */
export function newFull(x: Tensor, size: readonly number[], fillValue: number | boolean, options?: TensorOptions): Tensor {
  return full(checkSize('newFull', size), fillValue, like(x, options));
}

/** A copy of `data` as a tensor of x's dtype and device (PyTorch's x.new_tensor(data)). */
export function newTensor(x: Tensor, data: Nested | TypedArray | Tensor, options?: TensorOptions): Tensor {
  return tensor(data, like(x, options));
}
