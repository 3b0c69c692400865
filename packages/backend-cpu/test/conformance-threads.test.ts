// The conformance suite with torch.setNumThreads(2) and every matrix product and convolution of at
// least 1024 multiply-adds, and every element-wise, row-wise and pooling kernel of at least 16
// elements (not only the large ones), split between the calling thread and a worker thread over the
// shared heap. (Splitting the tiniest ones too only adds thread hand-offs, which a
// loaded CI machine makes slow.)
import { afterAll, beforeAll, expect } from 'vitest';
import '../src/index';
import { setNumThreads } from '@x/tensor';
import { runConformance } from '@x/conformance';
import { setParallelMinMacs } from '../src/kernels/simd-matmul';
import { parallelStats, threadsAvailable } from '../src/pool-threads';
import { PARALLEL_MIN_ELEMENTS, setParallelMinElements, splitStats } from '../src/split-threads';

setNumThreads(2);
setParallelMinMacs(1024);
setParallelMinElements(16);
beforeAll(async () => {
  // the helper starts in the background: wait until it takes work
  for (let i = 0; i < 300 && threadsAvailable() < 2; i++) await new Promise((r) => setTimeout(r, 10));
  expect(threadsAvailable()).toBe(2);
});
afterAll(() => {
  setParallelMinMacs(2 ** 19);
  setParallelMinElements(PARALLEL_MIN_ELEMENTS);
  // the suite did exercise the threaded kernels
  expect(parallelStats.runs).toBeGreaterThan(10);
  expect(splitStats.runs).toBeGreaterThan(100);
});
runConformance({ device: 'cpu' });
