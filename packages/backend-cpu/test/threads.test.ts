// Matrix products split over worker threads give the bits of one thread (each output element is
// summed in the same order), split by rows or by columns, for any thread count.
import { afterAll, describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import { setParallelMinMacs } from '../src/kernels/simd-matmul';
import { threadsAvailable } from '../src/pool-threads';

afterAll(() => {
  setParallelMinMacs(2 ** 19);
  torch.setNumThreads(2);
});

async function helpersReady(n: number): Promise<void> {
  torch.setNumThreads(n);
  for (let i = 0; i < 200 && threadsAvailable() < n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(threadsAvailable()).toBe(n);
}

describe('threaded matmul', () => {
  it('setNumThreads validates its argument and getNumThreads reads it back', () => {
    expect(() => torch.setNumThreads(0)).toThrow(/positive integer/);
    torch.setNumThreads(3);
    expect(torch.getNumThreads()).toBe(3);
  });

  it.each([[3, 200, 517], [301, 150, 9], [64, 784, 128], [1, 64, 1000]])('[%i, %i] @ [·, %i] on 1, 2 and 3 threads: the same bits', async (m, k, n) => {
    setParallelMinMacs(0);
    torch.manualSeed(m + n);
    const a = torch.randn(m, k);
    const b = torch.randn(n, k).T; // a strided operand
    torch.setNumThreads(1);
    const one = Array.from(a.matmul(b).dataSync() as Float32Array);
    for (const t of [2, 3]) {
      await helpersReady(t);
      expect(Array.from(a.matmul(b).dataSync() as Float32Array)).toEqual(one);
    }
  });
});
