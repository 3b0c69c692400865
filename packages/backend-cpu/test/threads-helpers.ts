// Shared by the tests that run kernels on several threads: wait for the worker pool, and put the
// defaults back afterwards.
import { expect } from 'vitest';
import * as torch from '@x/tensor';
import { setParallelMinMacs } from '../src/kernels/simd-matmul';
import { threadsAvailable } from '../src/pool-threads';
import { PARALLEL_MIN_ELEMENTS, setParallelMinElements } from '../src/split-threads';

/** Asks for n threads and waits until the helpers are up (they start in the background). */
export async function helpersReady(n: number): Promise<void> {
  torch.setNumThreads(n);
  for (let i = 0; i < 200 && threadsAvailable() < n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(threadsAvailable()).toBe(n);
}

/** The splitting thresholds and the thread count the other test files expect. */
export function restoreThreadDefaults(): void {
  setParallelMinMacs(2 ** 19);
  setParallelMinElements(PARALLEL_MIN_ELEMENTS);
  torch.setNumThreads(2);
}
