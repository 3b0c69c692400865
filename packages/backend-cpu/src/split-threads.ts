// Splitting a memory-bound kernel (element-wise, row-wise, per sample) over the worker threads: the
// work is cut into ranges of whole units (elements, rows, samples) and each thread runs the same
// kernel export on its range, with pointers offset in bytes. Each output element is computed by the
// same arithmetic on any thread, so the result has the bits of one thread. Small kernels stay on the
// calling thread: a hand-off costs a few microseconds while the helpers spin, more when they sleep.
import { simd } from './wasm/module';
import { runParallel, threadsAvailable, type ThreadKernel } from './pool-threads';

/**
 * Kernels touching fewer elements run on the calling thread alone. Measured on the 2-core VM (helpers
 * warm): an f32 `add` of 32,768 elements takes ~12 us on one thread and ~8 us on two; below ~16,384
 * the hand-off eats the gain.
 */
let parallelMinElements = 32768;

/** How many kernels ran split here (a part of parallelStats.runs; for tests). */
export const splitStats = { runs: 0 };

/** Changes that threshold (tests set a small one to split every kernel they run). */
export function setParallelMinElements(n: number): void {
  parallelMinElements = n;
}

/** How many threads take `units` units of `work` elements each, ranges a multiple of `align` units. */
function threadsFor(units: number, work: number, align: number): number {
  const total = units * work;
  if (total < parallelMinElements || units <= align) return 1;
  const byWork = parallelMinElements > 1 ? Math.floor(total / (parallelMinElements / 2)) : Infinity;
  return Math.max(1, Math.min(threadsAvailable(), byWork, Math.ceil(units / align)));
}

/**
 * Runs `kernel` over units [0, n), each of `work` elements, split into ranges of a multiple of
 * `align` units over the available threads when large: `args(start, count)` are the kernel's
 * arguments for units [start, start + count).
 */
export function overRange(kernel: ThreadKernel, n: number, work: number, align: number, args: (start: number, count: number) => number[]): void {
  const threads = threadsFor(n, work, align);
  if (threads <= 1) {
    (simd()![kernel] as (...a: number[]) => void)(...args(0, n));
    return;
  }
  const step = Math.ceil(n / threads / align) * align;
  const parts: number[][] = [];
  for (let s = 0; s < n; s += step) parts.push(args(s, Math.min(step, n - s)));
  splitStats.runs++;
  runParallel(kernel, parts);
}

/** How many threads `overRange` would use (1: the caller alone), for kernels that combine per-thread results. */
export function rangeThreads(n: number, work: number, align: number): number {
  return threadsFor(n, work, align);
}
