// Allocation of fresh contiguous tensors on a device.
import type { DType } from '../dtype';
import { Tensor } from '../tensor';
import { getBackend } from '../registry';
import { numelOf, formatShape } from '../shape';

export function checkDTypeOnDevice(op: string, dtype: DType, device: string): void {
  if (!getBackend(device).supportsDType(dtype)) {
    throw new TypeError(`${op}: dtype ${dtype} is not supported on device '${device}'; use .to('cpu') or another dtype (e.g. float32)`);
  }
}

/** A new contiguous tensor, zero-filled. */
export function allocate(shape: readonly number[], dtype: DType, device: string, op = 'empty'): Tensor {
  const backend = getBackend(device);
  if (!backend.supportsDType(dtype)) checkDTypeOnDevice(op, dtype, device);
  const n = numelOf(shape);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${op}: shape ${formatShape(shape)} is too large`);
  return new Tensor(backend.allocate(dtype, n), shape);
}
