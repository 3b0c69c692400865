// GPU buffers by size class, reused across allocations. Training loops allocate the same sizes every
// step; a pooled buffer avoids creating (and zeroing) GPU memory each time.
//
// Size classes are 2^k * {4, 5, 6, 7} / 4 bytes (a buffer is at most 25% larger than asked, 256 bytes
// at least). A buffer freed while commands that use it are still being recorded waits in `recent`
// until that batch is submitted: uploads write with queue.writeBuffer, which runs before commands not
// yet submitted, so they only take buffers from `ready`. Kernel outputs may take either (commands run
// in recording order).

import { quarterStepClass } from '@x/tensor';

const MIN_CLASS = 256;

/** The size class a buffer of `bytes` comes from: quarterStepClass, at least MIN_CLASS. */
export function sizeClass(bytes: number): number {
  return bytes <= MIN_CLASS ? MIN_CLASS : quarterStepClass(bytes);
}

export class GpuBufferPool {
  private readonly ready = new Map<number, GPUBuffer[]>();
  private readonly recent: GPUBuffer[] = [];
  /** Freed beyond the limit: destroyed once the batch that may still use them is submitted. */
  private readonly doomed: GPUBuffer[] = [];
  /** Bytes waiting in the pool (ready and recent). */
  pooledBytes = 0;
  /** Bytes of every live pooled-class buffer this pool created (held by storages or waiting here). */
  allocatedBytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly create: (size: number) => GPUBuffer,
    /** Bytes kept for reuse at most; buffers freed beyond it are destroyed. */
    public limitBytes: number,
  ) {}

  /** A buffer of at least `bytes`; `forWrite` (an upload) takes only buffers no pending command uses. */
  take(bytes: number, forWrite: boolean): { buffer: GPUBuffer; fresh: boolean } {
    const size = sizeClass(bytes);
    const list = this.ready.get(size);
    let buffer = list?.pop();
    if (buffer === undefined && !forWrite) {
      const i = this.recent.findIndex((b) => b.size === size);
      if (i >= 0) buffer = this.recent.splice(i, 1)[0];
    }
    if (buffer !== undefined) {
      this.pooledBytes -= size;
      this.hits++;
      return { buffer, fresh: false };
    }
    this.misses++;
    this.allocatedBytes += size;
    return { buffer: this.create(size), fresh: true };
  }

  give(buffer: GPUBuffer): void {
    if (this.pooledBytes + buffer.size > this.limitBytes) {
      this.allocatedBytes -= buffer.size;
      this.doomed.push(buffer);
      return;
    }
    this.recent.push(buffer);
    this.pooledBytes += buffer.size;
  }

  /** The batch that used the recently freed buffers was submitted: they may take queue writes now. */
  submitted(): void {
    // submitted work that uses a destroyed buffer still completes; unsubmitted work would be refused
    for (const b of this.doomed) b.destroy();
    this.doomed.length = 0;
    for (const b of this.recent) {
      let list = this.ready.get(b.size);
      if (list === undefined) this.ready.set(b.size, (list = []));
      list.push(b);
    }
    this.recent.length = 0;
  }

  /** Destroys every pooled buffer. */
  clear(): void {
    for (const list of this.ready.values()) for (const b of list) b.destroy();
    for (const b of this.recent) b.destroy();
    this.allocatedBytes -= this.pooledBytes;
    this.ready.clear();
    this.recent.length = 0;
    this.pooledBytes = 0;
  }
}
