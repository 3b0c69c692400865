// Selecting where a mask is true, computed on the device: an inclusive cumsum numbers the true
// elements, and a scatter writes each one's value to its slot. Only the count (the cumsum's last
// value) is read back, so the same code serves the CPU and an asynchronous device.
import { getBackend } from '../../registry';
import type { Tensor } from '../../tensor';
import { allocate } from '../alloc';
import { where } from '../elementwise';
import { expand, makeView, reshape, select, slice } from '../views';
import type { Steps } from './steps';

export interface Compaction {
  /** How many elements of the mask are true. */
  readonly count: number;
  /** The elements of `values` (broadcast to the mask's shape) where the mask is true, in row-major order. */
  pick(values: Tensor): Tensor;
}

/** 0, step, 2*step... (int64): a cumsum, so no host loop and no upload. */
export function iota(n: number, device: string, step = 1): Tensor {
  const out = allocate([n], 'int64', device, 'arange');
  if (n <= 1 || step === 0) return out;
  const backend = getBackend(device);
  const steps = allocate([n], 'int64', device, 'arange');
  backend.fill(slice(steps, 0, 1, n, 1), step);
  backend.scan('cumsum', steps, 0, out);
  return out;
}

export function* compaction(maskArg: Tensor): Steps<Compaction> {
  const mask = maskArg.ndim === 0 ? reshape(maskArg, [1]) : maskArg;
  const n = mask.numel();
  const backend = getBackend(mask.device);
  let count = 0;
  let slot: Tensor | null = null;
  if (n > 0) {
    const rank = allocate([n], 'int64', mask.device, 'nonzero');
    backend.scan('cumsum', reshape(mask, [-1]), 0, rank);
    [count] = (yield [select(rank, 0, n - 1)]) as [number];
    // False elements all go to slot 0, which is cut off; true ones to their rank (1-based).
    slot = where(mask, reshape(rank, mask.shape), 0);
  }
  const pick = (values: Tensor): Tensor => {
    const out = allocate([count + 1], values.dtype, mask.device, 'nonzero');
    if (slot !== null && count > 0) {
      const rest = mask.shape.slice(1);
      const along = makeView(out, [count + 1, ...rest], [1, ...rest.map(() => 0)], 0);
      backend.scatter(along, 0, slot, expand(values, mask.shape), 'none');
    }
    return slice(out, 0, 1, count + 1, 1);
  };
  return { count, pick };
}
