// PyTorch's addcmul_/addcdiv_ built from Tensor ops, in the order of PyTorch's CPU kernels:
// self + (value * t1) * t2 and self + (value * t1) / t2, with `value` cast to the tensor's dtype.
// Each step rounds once, as PyTorch's non-FMA kernels do, so float32 results match bit for bit.
import type { Tensor } from '@x/tensor';

// The in-place forms reuse their first temporary (value * t1) for the second step: one buffer less.

/** `self.addcmul_(t1, t2, value=value)`. */
export function addcmul_(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  return self.add_(value === 1 ? t1.mul(t2) : t1.mul(value).mul_(t2));
}

/** `self.addcdiv_(t1, t2, value=value)`. */
export function addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  return self.add_(value === 1 ? t1.div(t2) : t1.mul(value).div_(t2));
}

/** `self.addcmul(t1, t2, value=value)` (out of place). */
export function addcmul(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  return self.add((value === 1 ? t1 : t1.mul(value)).mul(t2));
}
