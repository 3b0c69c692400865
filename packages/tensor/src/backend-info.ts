// torch.backendInfo(device): which kernels a device runs here and why, instead of a silent fallback
// (the CPU's TypeScript kernels serve where WebAssembly SIMD cannot run: an old engine, a
// Content-Security-Policy without 'wasm-unsafe-eval', a page without cross-origin isolation).
// Backends answer through the optional Backend.info() hook.
import type { Device } from './device';
import { defaultDevice, getBackend, isAvailable } from './registry';

/** What `torch.backendInfo(device)` reports. */
export interface BackendInfo {
  /** The device asked about. */
  readonly device: Device;
  /** Whether it can run here now (`torch.isAvailable(device)`). */
  readonly available: boolean;
  /** The kernels that run: `'wasm-simd'` or `'typescript'` on the CPU, `'webgpu'` on WebGPU; `'unreported'` when the backend does not say. */
  readonly kernels: string;
  /** Why these kernels and not faster ones, or null when the fastest run (or the backend does not say). */
  readonly reason: string | null;
  /** How many threads the kernels may use now (1 when the backend does not say). */
  readonly threads: number;
}

/**
 * Which kernels `device` (default: the default device) runs here and why: on the CPU, whether the
 * WebAssembly SIMD kernels run or the TypeScript ones serve, and the reason (e.g. a strict
 * Content-Security-Policy); how many threads. Throws, naming the package to import, for an unregistered device.
 */
export function backendInfo(device: Device = defaultDevice()): BackendInfo {
  const backend = getBackend(device);
  const info = backend.info?.();
  return Object.freeze({
    device,
    available: isAvailable(device),
    kernels: info?.kernels ?? 'unreported',
    reason: info?.reason ?? null,
    threads: info?.threads ?? 1,
  });
}
