// Allocation of fresh contiguous tensors on a device.
import type { AllocInit } from '../backend';
import type { DType } from '../dtype';
import { Tensor } from '../tensor';
import { getBackend } from '../registry';
import { numelOf, formatShape } from '../shape';
import { requireDType } from '../caps';

/**
 * A new contiguous tensor for a kernel to write in full: 'uninit' memory, never cleared (`torch.empty`
 * zero-fills). For fused-kernel calls outside this package (nn's linear, autograd's rules).
 * @internal kernel plumbing for @x/nn, @x/autograd and backends (not part of the user API).
 */
export function emptyForKernel(shape: readonly number[], dtype: DType, device: string): Tensor {
  return allocate(shape, dtype, device, 'empty', 'uninit');
}

/**
 * A new contiguous tensor: zero-filled, or with 'uninit' contents that the caller's kernel overwrites
 * in full (pooled memory, never cleared).
 */
export function allocate(shape: readonly number[], dtype: DType, device: string, op = 'empty', init: AllocInit = 'zeros'): Tensor {
  const backend = getBackend(device);
  if (backend.caps.dtypes[dtype] === 'unsupported') requireDType(op, dtype, device);
  const n = numelOf(shape);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${op}: shape ${formatShape(shape)} is too large`);
  return new Tensor(backend.allocate(dtype, n, init), shape);
}
