// Storages from the runtime's buffer pool: allocate (zeroed in command order when the buffer is a
// reused one), upload (a buffer no pending command uses, written by the queue), dispose (back to the
// pool; commands recorded earlier still see the old contents, in order).
import type { AllocInit, DType, TypedArray } from '@x/tensor';
import { laneOf, toLanes } from './dtypes';
import type { GpuRuntime } from './runtime';
import { GpuStorage } from './storage';

export function allocateStorage(rt: GpuRuntime, dtype: DType, length: number, init: AllocInit, op = 'allocate'): GpuStorage {
  laneOf(dtype); // float64 is refused here, naming the op
  const bytes = Math.max(4, length * 4);
  const max = rt.device.limits.maxStorageBufferBindingSize;
  if (bytes > max) {
    throw new RangeError(`${op}: ${length} ${dtype} elements (${bytes} bytes) exceed the largest buffer device 'webgpu' can bind (${max} bytes); split the tensor or use 'cpu'`);
  }
  const { buffer, fresh } = rt.pool.take(bytes, false);
  if (!fresh && init === 'zeros') rt.clear(buffer);
  return new GpuStorage(dtype, length, buffer);
}

export function uploadStorage(rt: GpuRuntime, data: TypedArray, dtype: DType): GpuStorage {
  const lanes = toLanes(data, dtype);
  const { buffer } = rt.pool.take(Math.max(4, lanes.byteLength), true);
  if (lanes.byteLength > 0) rt.write(buffer, lanes);
  return new GpuStorage(dtype, data.length, buffer);
}

export function disposeStorage(rt: GpuRuntime, storage: GpuStorage): void {
  if (storage.disposed) throw new Error(`webgpu backend: a storage (${storage.dtype}, ${storage.length} elements) was disposed twice`);
  storage.disposed = true;
  rt.pool.give(storage.buffer);
}
