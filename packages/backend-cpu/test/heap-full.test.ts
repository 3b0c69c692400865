// A full heap: new storages are plain ArrayBuffers and every op still runs (the TypeScript kernels),
// including the first matmul, convolution and scalar op, whose SIMD scratch memory cannot be had.
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { cpuPool } from '../src/index';

const limit = cpuPool.heapLimitBytes;
afterAll(() => {
  cpuPool.heapLimitBytes = limit;
});

describe('with the heap at its limit', () => {
  it('matmul, convolution, pooling and elementwise ops still compute', () => {
    cpuPool.heapLimitBytes = 0;
    const a = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    expect(a.matmul(a.T).tolistSync()).toEqual([[14, 38, 62], [38, 126, 214], [62, 214, 366]]);
    expect(a.mul(2).add(1).sum().itemSync()).toBe(144);
    const x = torch.ones(1, 1, 4, 4);
    const w = torch.ones(1, 1, 3, 3);
    expect(torch.conv2d(x, w, null, { padding: 1 }).sum().itemSync()).toBe(100);
    expect(torch.maxPool2d(x, 2).shape).toEqual([1, 1, 2, 2]);
    cpuPool.heapLimitBytes = limit;
    // and the heap serves again
    expect(a.matmul(a.T).sum().itemSync()).toBe(1134);
  });
});
