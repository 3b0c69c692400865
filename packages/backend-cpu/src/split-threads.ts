// Splitting a memory-bound kernel (element-wise, row-wise, per sample) over the worker threads: its
// work is a range of units (elements, rows, samples) that the caller and the helpers take in chunks
// (pool-threads.ts runChunked), each chunk one call of the same kernel export with its pointers
// advanced in bytes. Each output element is computed by the same arithmetic on any thread, so the
// result has the bits of one thread. Small kernels stay on the calling thread: a hand-off costs a
// few microseconds while the helpers spin, more when they sleep.
import { simd } from './wasm/module';
import { runChunked, threadsAvailable, type ThreadKernel } from './pool-threads';

/**
 * Kernels of less work run on the calling thread alone; work is counted in elements of a ReLU (one
 * read, one write), other kernels' elements weighted by their COST. Measured on the 2-core VM
 * (load ~3, 150 ms blocks alternating, split vs not, 2 threads): ReLU 32,768 elements 7.2 -> 14.3 us,
 * 131,072 21.0 -> 15.9, 262,144 36.1 -> 27.5 us; add (3 streams) about even at 131,072, 47.7 -> 40.3 us
 * at 262,144; exp 32,768 37.0 -> 28.9 us, 131,072 136 -> 79 us.
 */
export const PARALLEL_MIN_ELEMENTS = 131072;
let parallelMinElements = PARALLEL_MIN_ELEMENTS;

/** An element's work per kernel relative to a ReLU's, from their one-thread times over 1e6 elements. */
export const COST = {
  /** a binary op, ReLU's gradient: three streams */
  binary: 2,
  /** neg, abs, relu, sqrt, reciprocal, rsqrt */
  unary: 1,
  /** exp, log, sigmoid, tanh (polynomials): exp 1e6 ~1.0 ms against ReLU's ~0.13 */
  transcendental: 8,
  /** a row of softmax / log-softmax (max, exp and sum, scale) */
  softmax: 10,
  softmaxBackward: 3,
  /** per input element */
  maxPool: 3,
  /** per output element (a scattered add) */
  maxPoolBackward: 12,
  /** sum, max, min, argmax, argmin: one read */
  reduce: 1,
  /** an Adam or SGD update of one parameter (four or five streams): 32,768 parameters and more split */
  optimizer: 4,
} as const;
/** Chunks per thread: more balance the threads' shares when one runs late, fewer cost less to hand out. */
const CHUNKS_PER_THREAD = 8;

/** How many kernels ran split here (a part of parallelStats.runs; for tests). */
export const splitStats = { runs: 0 };

/** Changes that threshold (tests set a small one to split every kernel they run). */
export function setParallelMinElements(n: number): void {
  parallelMinElements = n;
}

/** Whether a kernel of this much work is worth splitting (see parallelMinElements). */
export const worthSplitting = (work: number): boolean => work >= parallelMinElements;

/**
 * Runs `kernel` over `units` units of `work` each (elements times their COST). `args` are its arguments for all of them:
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
