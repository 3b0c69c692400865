// Splitting a memory-bound kernel (element-wise, row-wise, per sample) over the worker threads: its
// work is a range of units (elements, rows, samples) that the caller and the helpers take in chunks
// (pool-threads.ts runChunked), each chunk one call of the same kernel export with its pointers
// advanced in bytes. Each output element is computed by the same arithmetic on any thread, so the
// result has the bits of one thread. Small kernels stay on the calling thread: a hand-off costs a
// few microseconds while the helpers spin, more when they sleep.
import { simd } from './wasm/module';
import { runChunked, threadsAvailable, type ThreadKernel } from './pool-threads';

/**
 * Kernels touching fewer elements run on the calling thread alone. Measured on the 2-core VM (helpers
 * warm): an f32 `add` of 32,768 elements takes ~12 us on one thread and ~8 us on two; below ~16,384
 * the hand-off eats the gain.
 */
let parallelMinElements = 32768;
/** Chunks per thread: more balance the threads' shares when one runs late, fewer cost less to hand out. */
const CHUNKS_PER_THREAD = 8;

/** How many kernels ran split here (a part of parallelStats.runs; for tests). */
export const splitStats = { runs: 0 };

/** Changes that threshold (tests set a small one to split every kernel they run). */
export function setParallelMinElements(n: number): void {
  parallelMinElements = n;
}

/** Whether a kernel of this many elements is worth splitting (see parallelMinElements). */
export const worthSplitting = (elements: number): boolean => elements >= parallelMinElements;

/**
 * Runs `kernel` over `units` units of `work` elements each. `args` are its arguments for all of them:
 * argument `countArg` holds the unit count and each [argument, bytes] of `steps` a pointer that
 * advances that many bytes per unit. When large, it runs in chunks of a multiple of `align` units
 * over the available threads.
 */
export function overRange(
  kernel: ThreadKernel, units: number, work: number, align: number, args: readonly number[], countArg: number, steps: readonly (readonly [number, number])[],
): void {
  const threads = units > align && worthSplitting(units * work) ? threadsAvailable() : 1;
  if (threads <= 1) {
    (simd()![kernel] as (...a: readonly number[]) => void)(...args);
    return;
  }
  const byBalance = units / (threads * CHUNKS_PER_THREAD);
  // a chunk of a quarter of the threshold's elements at least: taking one costs an atomic add and a call
  const chunk = Math.ceil(Math.max(byBalance, parallelMinElements / 4 / work, 1) / align) * align;
  splitStats.runs++;
  runChunked(kernel, threads, args, { units, chunk, countArg, steps });
}
