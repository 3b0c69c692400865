// A WebGPU storage: one GPU buffer (from the pool) holding `length` elements in 32-bit lanes.
import type { DType, Storage, TensorRef } from '@x/tensor';

export class GpuStorage implements Storage {
  readonly device = 'webgpu';
  version = 0;
  disposed = false;
  constructor(
    readonly dtype: DType,
    readonly length: number,
    readonly buffer: GPUBuffer,
  ) {}
}

export function bufferOf(ref: { storage: Storage }, op: string): GPUBuffer {
  const s = ref.storage;
  if (!(s instanceof GpuStorage)) {
    throw new Error(`${op}: got a tensor on device '${s.device}' in a 'webgpu' kernel; move it with .to('webgpu') first`);
  }
  if (s.disposed) throw new Error(`${op}: tensor was disposed (a ${s.dtype} storage of ${s.length} elements on 'webgpu')`);
  return s.buffer;
}

export function isRef(x: unknown): x is TensorRef {
  return typeof x === 'object' && x !== null && 'storage' in x;
}
