// CPU tensor memory inside the kernels' shared WebAssembly memory, so the SIMD kernels read and write
// storages in place (no copies in or out). Blocks come in size classes (2^k * {4, 5, 6, 7} / 4 bytes,
// at least 16, 16-byte aligned) and freed blocks wait, by class, for the next request of their class:
// training steps ask for the same sizes every step, so after the first step nothing is fresh (no page
// faults) and nothing needs clearing unless asked ('zeros'). Memory only grows (WebAssembly memory
// never shrinks); growing keeps every view valid because the memory is shared. The heap stops growing
// at `limitBytes` (512 MiB unless changed): past it, new storages are plain ArrayBuffers and the
// TypeScript kernels serve them.
import { quarterStepClass } from '@x/tensor';
import { simdKernels, type WebAssemblyMemory } from './wasm/module';

const PAGE = 65536;
/** The first page stays unused: address 0 is never a storage, and stray stack use cannot hit one. */
const BASE = PAGE;

/** The size class serving `bytes`: quarterStepClass, 16-byte aligned, at least 16. */
export function heapClass(bytes: number): number {
  if (bytes <= 16) return 16;
  if (bytes <= 256) return (bytes + 15) & ~15;
  if (bytes >= 2 ** 32) return bytes; // more than a wasm32 memory holds: alloc refuses it
  return quarterStepClass(bytes);
}

export class Heap {
  private readonly free = new Map<number, number[]>();
  private top = BASE;
  private buffer: ArrayBuffer;
  /** Bytes in blocks held by live storages, and waiting in free lists. */
  liveBytes = 0;
  freeBytes = 0;
  /** Where the heap stops growing (see the file's note). */
  limitBytes = 512 * 2 ** 20;
  /** Counters: blocks reused from a free list, and fresh blocks. */
  hits = 0;
  misses = 0;

  constructor(readonly memory: WebAssemblyMemory) {
    this.buffer = memory.buffer;
  }

  /** The memory's current buffer (grown memories hand out a longer one; older views stay valid). */
  get view(): ArrayBuffer {
    return this.buffer;
  }

  /** A block of heapClass(bytes) bytes, or -1 when the heap is at its limit. */
  alloc(bytes: number): number {
    const cls = heapClass(bytes);
    const list = this.free.get(cls);
    if (list !== undefined && list.length > 0) {
      this.hits++;
      this.freeBytes -= cls;
      this.liveBytes += cls;
      return list.pop()!;
    }
    const ptr = this.top;
    const end = ptr + cls;
    if (end - BASE > this.limitBytes) return -1;
    if (end > this.buffer.byteLength) {
      const pages = Math.ceil((end - this.buffer.byteLength) / PAGE);
      try {
        this.memory.grow(Math.max(pages, Math.min(256, Math.ceil(this.buffer.byteLength / PAGE / 8))));
      } catch {
        try {
          this.memory.grow(pages);
        } catch {
          return -1; // out of address space or memory: plain arrays serve
        }
      }
      this.buffer = this.memory.buffer;
    }
    this.top = end;
    this.misses++;
    this.liveBytes += cls;
    return ptr;
  }

  /** Returns a block from alloc(bytes). */
  release(ptr: number, bytes: number): void {
    const cls = heapClass(bytes);
    let list = this.free.get(cls);
    if (list === undefined) this.free.set(cls, (list = []));
    list.push(ptr);
    this.liveBytes -= cls;
    this.freeBytes += cls;
  }

  /** Bytes of memory the heap has claimed so far. */
  get usedBytes(): number {
    return this.top - BASE;
  }
}

let heap: Heap | null | undefined;

/** The heap over the SIMD kernels' memory, or null where those kernels cannot run. */
export function cpuHeap(): Heap | null {
  if (heap !== undefined) return heap;
  const k = simdKernels();
  heap = k === null ? null : new Heap(k.memory);
  return heap;
}
