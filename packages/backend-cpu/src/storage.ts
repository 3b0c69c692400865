// A CPU storage: a typed array (int64 in a Float64Array, bool in a Uint8Array). Its memory is a block
// of the SIMD kernels' heap (heap.ts) when there is one, so those kernels work on it in place; else a
// pooled ArrayBuffer (pool.ts: when the heap is full), or memory from outside (wrap). A heap block
// returns to the heap when the storage is disposed (t.dispose(), torch.tidy), or, when its storage
// was garbage-collected without dispose, once the event loop turns (heap-watch.ts: the front end does
// not watch CPU tensors, and the garbage collector cannot free a heap block by itself). A synchronous
// loop that disposes nothing gets nothing back until it yields, and may fill the heap up to its limit:
// new storages are then plain ArrayBuffers (the TypeScript kernels serve them, correct but slower),
// counted in torch.memory('cpu').offHeapAllocs, with one warning. Memory handed out (numpy()) or
// wrapped has escaped and is never reused: a heap storage that escapes moves to an ArrayBuffer of its
// own first, so the heap block can be reused and the caller's array never changes under them.
import { ARRAY_TYPE, type AllocInit, type DType, type Storage, type TypedArray } from '@x/tensor';
import { BufferPool } from './pool';
import { cpuHeap, heapClass } from './heap';
import { simd } from './wasm/module';
import { unwatchBlock, watchBlock, watchStats, type Watch } from './heap-watch';

/** Freed ArrayBuffers (storages outside the heap) waiting for reuse, 256 MiB at most. */
export const bufferPool = new BufferPool(256 * 2 ** 20);

/** The CPU's reusable memory, both kinds: heap blocks and ArrayBuffers waiting in their free lists. */
export const cpuPool = {
  /** Bytes waiting for reuse. */
  get pooledBytes(): number {
    return bufferPool.pooledBytes + (cpuHeap()?.freeBytes ?? 0);
  },
  /** Allocations served from freed memory, and from fresh memory. */
  get hits(): number {
    return bufferPool.hits + (cpuHeap()?.hits ?? 0);
  },
  get misses(): number {
    return bufferPool.misses + (cpuHeap()?.misses ?? 0);
  },
  /** Bytes the heap holds at most (past it, storages are plain ArrayBuffers). */
  get heapLimitBytes(): number {
    return cpuHeap()?.limitBytes ?? 0;
  },
  set heapLimitBytes(n: number) {
    const heap = cpuHeap();
    if (heap) heap.limitBytes = n;
  },
  /** Storages that wanted the heap and got a plain ArrayBuffer because it was at its limit. */
  offHeapAllocs: 0,
  /** Operands the SIMD kernels met outside the heap (wrapped or escaped arrays, or offHeapAllocs): the TypeScript kernels served them. */
  offHeapOperands: 0,
  /** Heap blocks returned by the safety net (their storages were garbage-collected without dispose). */
  get reclaimedBlocks(): number {
    return watchStats.reclaimedBlocks;
  },
};

let warned = false;
function warnHeapFull(bytes: number): void {
  cpuPool.offHeapAllocs++;
  if (warned) return;
  warned = true;
  const heap = cpuHeap()!;
  console.warn(
    `@x/backend-cpu: the kernels' heap is at its limit (${(heap.limitBytes / 2 ** 20).toFixed(0)} MiB, ` +
      `${(heap.liveBytes / 2 ** 20).toFixed(1)} MiB held by live tensors) and cannot serve ${bytes} bytes: new tensors use plain ` +
      'arrays and the slower TypeScript kernels. Free tensors you no longer need (torch.tidy(fn), t.dispose()), ' +
      'or raise cpuPool.heapLimitBytes. torch.memory(\'cpu\').offHeapAllocs counts such tensors.',
  );
}

/** The CPU backend's storage: a typed array of one dtype (what `x.storage` holds for a CPU tensor). */
export class CpuStorage implements Storage {
  /** Always `'cpu'`. */
  readonly device = 'cpu';
  version = 0;
  /** The memory was shared outside the backend (numpy(), fromArray, wrap): never return it to the pool. */
  escaped = false;
  /** Set by dispose(); a disposed storage must not be used. */
  disposed = false;
  /** Whether `data` came from the ArrayBuffer pool (and may return to it). */
  readonly pooled: boolean;
  // Not an own enumerable property: two storages with equal contents compare equal wherever they live.
  #ptr = -1;
  /** The safety net's watch on the heap block (heap-watch.ts); null outside the heap. */
  #watch: Watch | null = null;
  constructor(
    readonly dtype: DType,
    public data: TypedArray,
    pooled = false,
  ) {
    this.pooled = pooled;
  }
  get length(): number {
    return this.data.length;
  }
  /** Byte address of `data` in the kernels' heap, or -1 when it lives elsewhere. */
  get ptr(): number {
    return this.#ptr;
  }
  /** Places the storage in the heap block at `ptr`, watched by the safety net. @internal */
  placeInHeap(ptr: number, bytes: number): void {
    this.#ptr = ptr;
    this.#watch = watchBlock(ptr, heapClass(bytes));
  }
  /** Gives the heap block back (dispose, or escape to memory of its own). @internal */
  leaveHeap(): void {
    if (this.#watch !== null) unwatchBlock(this.#watch);
    this.#watch = null;
    cpuHeap()!.release(this.#ptr, this.data.byteLength);
    this.#ptr = -1;
  }
}

/** Clears a new heap block: with the SIMD kernels from 256 bytes on (TypedArray.fill over shared memory stores one element at a time). */
function zeroHeap(data: TypedArray, ptr: number, bytes: number): void {
  const k = bytes >= 256 ? simd() : null;
  if (k !== null) k.fill_8(ptr, bytes, 0);
  else data.fill(0);
}

export function allocateCpu(dtype: DType, length: number, init: AllocInit = 'zeros'): CpuStorage {
  const Ctor = ARRAY_TYPE[dtype];
  const bytes = length * Ctor.BYTES_PER_ELEMENT;
  const heap = cpuHeap();
  if (heap !== null) {
    const ptr = heap.alloc(bytes);
    if (ptr >= 0) {
      const data = new Ctor(heap.view, ptr, length);
      if (init === 'zeros') zeroHeap(data, ptr, bytes);
      const s = new CpuStorage(dtype, data);
      s.placeInHeap(ptr, bytes);
      return s;
    }
    if (bytes > 0) warnHeapFull(bytes);
  }
  const { buffer, fresh } = bufferPool.take(bytes);
  const data = new Ctor(buffer, 0, length);
  if (!fresh && init === 'zeros') data.fill(0);
  return new CpuStorage(dtype, data, true);
}

export function disposeCpu(storage: Storage): void {
  if (!(storage instanceof CpuStorage)) return;
  if (storage.disposed) throw new Error(`cpu backend: a storage (${storage.dtype}, ${storage.length} elements) was disposed twice`);
  storage.disposed = true;
  if (storage.ptr >= 0) storage.leaveHeap();
  else if (storage.pooled && !storage.escaped) bufferPool.give(storage.data.buffer as ArrayBuffer);
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
  if (!(storage instanceof CpuStorage)) return data;
  if (storage.ptr >= 0) {
    // out of the heap into memory of its own, which the caller may keep for as long as they like
    storage.data = data.slice();
    storage.leaveHeap();
  }
  storage.escaped = true;
  return storage.data;
}
