// The safety net for heap blocks: the garbage collector frees a storage nobody disposed, but not its
// block of the kernels' heap (WebAssembly memory), so the block would never serve again. A
// FinalizationRegistry tells when storages were collected; registering every storage costs about half
// a microsecond and, in a synchronous loop, a registry cell (about 100 bytes) that V8 keeps until the
// event loop turns. So storages are watched in batches: the storages of one batch all reference one
// small token, and only the token is registered; once the collector has taken every storage of the
// batch it takes the token too, and the batch's blocks that nobody disposed meanwhile go back to the
// heap. A batch holds blocks of one size class and closes at 64 blocks or 64 KiB, so a storage that
// lives on (a parameter, a kept loss) keeps at most 64 KiB, or 63 blocks of its own size, from reuse.
// What the registry keeps per storage is its address: 8 bytes, against the heap block's 16 or more.
import { cpuHeap } from './heap';

/** A batch's blocks: the registry's held value (numbers only: it must not reference a storage). */
interface Batch {
  readonly bytes: number;
  /** Block addresses; 0 once the block went back by dispose (address 0 is never a block). */
  readonly ptrs: number[];
  readonly capacity: number;
  /** Blocks not yet given back. */
  live: number;
}

/** What a watched storage keeps: the batch's token (its life keeps the batch's blocks held) and its slot. */
export interface Watch {
  readonly token: object;
  readonly batch: Batch;
  readonly slot: number;
}

const BATCH_BLOCKS = 64;
const BATCH_BYTES = 64 * 1024;

/** Counters the backend reports in torch.memory('cpu'). */
export const watchStats = { reclaimedBlocks: 0 };

const registry: FinalizationRegistry<Batch> | null =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((batch) => {
        const heap = cpuHeap();
        if (heap === null) return;
        for (const ptr of batch.ptrs) {
          if (ptr === 0) continue;
          heap.release(ptr, batch.bytes);
          watchStats.reclaimedBlocks++;
        }
      })
    : null;

/** The batch being filled for each size class (bytes of the class -> batch and its token). */
const open = new Map<number, { token: object; batch: Batch }>();

/** Watches the heap block at `ptr` of `bytes` (a heap size class); null where there is no FinalizationRegistry. */
export function watchBlock(ptr: number, bytes: number): Watch | null {
  if (registry === null) return null;
  let o = open.get(bytes);
  if (o === undefined) {
    const capacity = Math.max(1, Math.min(BATCH_BLOCKS, Math.floor(BATCH_BYTES / bytes)));
    o = { token: {}, batch: { bytes, ptrs: [], capacity, live: 0 } };
    registry.register(o.token, o.batch, o.token);
    open.set(bytes, o);
  }
  const { token, batch } = o;
  const slot = batch.ptrs.length;
  batch.ptrs.push(ptr);
  batch.live++;
  // full: from now on only its storages keep the token alive
  if (batch.ptrs.length === batch.capacity) open.delete(bytes);
  return { token, batch, slot };
}

/** The block goes back by dispose: the batch must not return it again. */
export function unwatchBlock(w: Watch): void {
  w.batch.ptrs[w.slot] = 0;
  // a full batch whose blocks all went back needs no watching (an open one is still being filled)
  if (--w.batch.live === 0 && w.batch.ptrs.length === w.batch.capacity) registry?.unregister(w.token);
}
