// Where a device's fused kernels (Backend.fused) come in: an op asks for the kernel of its composite
// and, when the device has one that takes the operands, uses it; otherwise it composes the op from
// primitives, the reference every fused kernel is tested against. A missing kernel is never an error.
import type { FusedKernels } from '../backend';
import { getBackend } from '../registry';

/** The device's fused kernel `name`, or undefined. */
export function fusedKernel<K extends keyof FusedKernels>(device: string, name: K): FusedKernels[K] | undefined {
  return getBackend(device).fused?.[name];
}
