// The conformance suite with torch.setNumThreads(2) and every matrix product, however small, split
// between the calling thread and a worker thread over the shared heap.
import { afterAll, beforeAll, expect } from 'vitest';
import '../src/index';
import { setNumThreads } from '@x/tensor';
import { runConformance } from '@x/conformance';
import { setParallelMinMacs } from '../src/kernels/simd-matmul';
import { threadsAvailable } from '../src/pool-threads';

setNumThreads(2);
setParallelMinMacs(0);
beforeAll(async () => {
  // the helper starts in the background: wait until it takes work
  for (let i = 0; i < 300 && threadsAvailable() < 2; i++) await new Promise((r) => setTimeout(r, 10));
  expect(threadsAvailable()).toBe(2);
});
afterAll(() => setParallelMinMacs(2 ** 19));
runConformance({ device: 'cpu' });
