// A CPU storage: a typed array (int64 in a Float64Array, bool in a Uint8Array), in memory from the
// pool unless it came from outside (wrap) or was handed out (numpy()): such memory has escaped and
// is never reused.
import { ARRAY_TYPE, type AllocInit, type DType, type Storage, type TypedArray } from '@x/tensor';
import { BufferPool } from './pool';

/** Freed CPU memory waiting for reuse (256 MiB at most; `cpuPool.limitBytes` changes it). */
export const cpuPool = new BufferPool(256 * 2 ** 20);

export class CpuStorage implements Storage {
  readonly device = 'cpu';
  version = 0;
  /** The memory was shared outside the backend (numpy(), fromArray, wrap): never return it to the pool. */
  escaped = false;
  /** Set by dispose(); a disposed storage must not be used. */
  disposed = false;
  /** Whether `data` came from the pool (and may return to it). */
  readonly pooled: boolean;
  constructor(
    readonly dtype: DType,
    readonly data: TypedArray,
    pooled = false,
  ) {
    this.pooled = pooled;
  }
  get length(): number {
    return this.data.length;
  }
}

export function allocateCpu(dtype: DType, length: number, init: AllocInit = 'zeros'): CpuStorage {
  const Ctor = ARRAY_TYPE[dtype];
  const bytes = length * Ctor.BYTES_PER_ELEMENT;
  const { buffer, fresh } = cpuPool.take(bytes);
  const data = new Ctor(buffer, 0, length);
  if (!fresh && init === 'zeros') data.fill(0);
  return new CpuStorage(dtype, data, true);
}

export function disposeCpu(storage: Storage): void {
  if (!(storage instanceof CpuStorage)) return;
  if (storage.disposed) throw new Error(`cpu backend: a storage (${storage.dtype}, ${storage.length} elements) was disposed twice`);
  storage.disposed = true;
  if (storage.pooled && !storage.escaped) cpuPool.give(storage.data.buffer as ArrayBuffer);
}

export function dataOf(storage: Storage): TypedArray {
  if (!(storage instanceof CpuStorage)) {
    const data = (storage as { data?: unknown }).data;
    if (storage.device === 'cpu' && ArrayBuffer.isView(data)) return data as TypedArray;
    throw new Error(`cpu backend: got a storage from device '${storage.device}'; move the tensor with .to('cpu') first`);
  }
  if (storage.disposed) throw new Error(`cpu backend: a kernel got a disposed storage (${storage.dtype}, ${storage.length} elements): tensor was disposed`);
  return storage.data;
}

/** The storage's memory, handed out of the backend (numpy()): it is never pooled again. */
export function escape(storage: Storage): TypedArray {
  const data = dataOf(storage);
  if (storage instanceof CpuStorage) storage.escaped = true;
  return data;
}
