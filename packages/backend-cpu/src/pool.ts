// Reuse of freed CPU memory: ArrayBuffers returned by dispose() wait here, by size class, for the next
// allocate() of a similar size. Training loops allocate the same sizes every step; reusing them avoids
// the page faults and zeroing of fresh memory (the largest cost left in the MLP step, bench/README).
//
// Size classes are 2^k * {4, 5, 6, 7} / 4 bytes (a buffer is at most 25% larger than asked), so a
// buffer serves any dtype and length that fits. Small buffers are not pooled (V8 allocates them
// cheaply); the pool keeps at most `limitBytes`, dropping buffers beyond it to the garbage collector.

import { quarterStepClass } from '@x/tensor';

/** Below this many bytes, allocations are not pooled. */
export const MIN_POOLED_BYTES = 1024;

/** The size class a request of `bytes` is served from: quarterStepClass above MIN_POOLED_BYTES. */
export function sizeClass(bytes: number): number {
  return bytes <= MIN_POOLED_BYTES ? bytes : quarterStepClass(bytes);
}

export class BufferPool {
  private readonly free = new Map<number, ArrayBuffer[]>();
  /** Bytes waiting in the pool. */
  pooledBytes = 0;
  /** Counters since creation (or resetStats). */
  hits = 0;
  misses = 0;

  constructor(public limitBytes: number) {}

  /** A buffer of `bytes` (rounded up to its size class), reused when one is free; zero-filled only when fresh. */
  take(bytes: number): { buffer: ArrayBuffer; fresh: boolean } {
    if (bytes < MIN_POOLED_BYTES) return { buffer: new ArrayBuffer(bytes), fresh: true };
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    const buffer = list?.pop();
    if (buffer !== undefined) {
      this.pooledBytes -= size;
      this.hits++;
      return { buffer, fresh: false };
    }
    this.misses++;
    return { buffer: new ArrayBuffer(size), fresh: true };
  }

  /** Returns a buffer from take(); dropped when the pool is full or the buffer is not a pooled size. */
  give(buffer: ArrayBuffer): void {
    const size = buffer.byteLength;
    if (size < MIN_POOLED_BYTES || sizeClass(size) !== size) return;
    if (this.pooledBytes + size > this.limitBytes) return;
    let list = this.free.get(size);
    if (list === undefined) this.free.set(size, (list = []));
    list.push(buffer);
    this.pooledBytes += size;
  }

  /** Drops every pooled buffer (the garbage collector frees them). */
  clear(): void {
    this.free.clear();
    this.pooledBytes = 0;
  }
}
