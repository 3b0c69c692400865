// Element-wise, row-wise and pooling kernels split over worker threads (split-threads.ts) give the
// bits of one thread on 2 and 3 threads, and the split does run. Parts no helper has started, the caller
// runs itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import { cpuBackend } from '../src/index';
import { parallelStats, setHelpersPaused } from '../src/pool-threads';
import { setParallelMinElements } from '../src/split-threads';
import { helpersReady, restoreThreadDefaults } from './threads-helpers';

beforeAll(() => setParallelMinElements(64));
afterAll(restoreThreadDefaults);

/** A tensor's bytes, to compare bit for bit (NaN payloads and -0 included). */
const bytes = (t: torch.Tensor): string => {
  const d = t.dataSync() as ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
  return Buffer.from(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength)).toString('base64');
};

/** Uniform values in [-2, 2) with NaN, infinities and signed zeros sprinkled in. */
function input(shape: number[], seed: number): torch.Tensor {
  torch.manualSeed(seed);
  const x = torch.rand(shape).mul(4).sub(2);
  const flat = x.reshape(-1);
  const n = flat.shape[0]!;
  [NaN, Infinity, -Infinity, 0, -0].forEach((v, i) => flat.at((i * 7919 + seed) % n).fill_(v));
  return x;
}

/** Runs `op` on 1 thread, then on 2 and 3: the same bits, split into `splits` kernels each time. */
async function sameBits(op: () => torch.Tensor[], splits = 1): Promise<void> {
  torch.setNumThreads(1);
  const runs0 = parallelStats.runs;
  const one = op().map(bytes);
  expect(parallelStats.runs).toBe(runs0);
  for (const t of [2, 3]) {
    await helpersReady(t);
    const runs = parallelStats.runs;
    expect(op().map(bytes)).toEqual(one);
    expect(parallelStats.runs - runs).toBe(splits);
  }
}

describe('element-wise kernels split into element ranges', () => {
  const a = input([10_003], 1);
  const b = input([10_003], 2);
  const three = torch.full([], 2.5);
  it.each([
    ['add', () => [a.add(b)]],
    ['mul by a scalar', () => [a.mul(2.5)]],
    ['div of a 0-d float tensor by [10003] (a broadcast row)', () => [three.div(a)]],
    ['gt (bool out)', () => [a.gt(b)]],
    ['exp', () => [a.exp()]],
    ['relu', () => [a.relu()]],
    ['sigmoid', () => [a.sigmoid()]],
  ] as [string, () => torch.Tensor[]][])('%s', async (_, op) => {
    await sameBits(op);
  });

  it('ReLU backward (fused)', async () => {
    const y = a.relu();
    await sameBits(() => {
      const out = torch.empty([10_003]);
      expect(cpuBackend.fused!.reluBackward!(y, b, out)).toBe(true);
      return [out];
    });
  });
});

describe('row kernels split by rows', () => {
  const m = input([301, 37], 3);
  const [row, col, long, one, cube] = [input([37], 4), input([301, 1], 5), input([5003], 6), input([1], 7), input([6, 50, 9], 8)];
  it.each([
    ['broadcast add [301, 37] + [37]', () => [m.add(row)]],
    ['broadcast mul [301, 37] * [301, 1]', () => [m.mul(col)]],
    ['broadcast add along one row: [5003] + [1]', () => [long.add(one)]],
    ['exp of a sliced view [301, 20]', () => [m.narrow(1, 3, 20).exp()]],
    ['softmax and log-softmax rows', () => [torch.softmax(m, 1), torch.logSoftmax(m, 1)]],
    ['sum and max along rows', () => [m.sum(1), m.amax(1)]],
    ['argmax along rows', () => [m.argmax(1)]],
    ['sum over the middle dim of [6, 50, 9]', () => [cube.sum(1)]],
  ] as [string, () => torch.Tensor[]][])('%s', async (_, op) => {
    await sameBits(op, op().length);
  });

  it('softmax backward (fused)', async () => {
    const g = input([301, 37], 9);
    for (const log of [false, true]) {
      const y = log ? torch.logSoftmax(m, 1) : torch.softmax(m, 1);
      await sameBits(() => {
        const out = torch.empty([301, 37]);
        expect(cpuBackend.fused!.softmaxBackward!(y, g, 1, log, out)).toBe(true);
        return [out];
      });
    }
  });
});

describe('max pooling split by samples (or channels for one sample)', () => {
  const geometries: [string, number | [number, number], { stride?: number; padding?: number; dilation?: number }, torch.PoolGeometry][] = [
    ['2 x 2', 2, {}, { kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1] }],
    ['3 x 3, stride 1 (overlapping windows)', 3, { stride: 1, padding: 1 }, { kernel: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1] }],
  ];
  for (const shape of [[5, 3, 10, 11], [1, 7, 10, 11]]) {
    it.each(geometries)(`[${shape.join(', ')}] %s: values, indices and the gradient`, async (_, kernel, opts, geometry) => {
      const x = input(shape, 10);
      const g = input(torch.maxPool2d(x, kernel, opts).shape as number[], 11);
      await sameBits(() => {
        const [values, indices] = torch.maxPool2d(x, kernel, { ...opts, returnIndices: true });
        const grad = torch.maxPool2dBackward(g, indices, x.shape, geometry);
        return [values, indices, grad];
      }, 2);
    });
  }
});

describe('parts no helper has started', () => {
  it('the caller runs them itself: the same bits, and the helpers take work again afterwards', async () => {
    const x = input([6, 3, 20, 21], 13);
    const op = () => [x.exp(), torch.maxPool2d(x, 2), torch.softmax(x, 3)];
    torch.setNumThreads(1);
    const one = op().map(bytes);
    await helpersReady(3);
    setHelpersPaused(true);
    try {
      const [runs, back] = [parallelStats.runs, parallelStats.takenBack];
      expect(op().map(bytes)).toEqual(one);
      expect(parallelStats.runs - runs).toBe(3);
      expect(parallelStats.takenBack - back).toBe(3 * 2);
    } finally {
      setHelpersPaused(false);
    }
    const runs = parallelStats.runs;
    expect(op().map(bytes)).toEqual(one);
    expect(parallelStats.runs - runs).toBe(3);
  });
});

describe('a full reduction split into blocks', () => {
  torch.manualSeed(12);
  const x = torch.rand([100_003]).sub(0.5);
  it('max and min: the bits of one thread', async () => {
    await sameBits(() => [x.max(), x.min()], 2);
    // a NaN anywhere wins on any thread count
    const withNan = x.clone();
    withNan.at(99_999).fill_(NaN);
    expect(Number.isNaN(withNan.max().itemSync())).toBe(true);
  });

  it('sum: the same bits on 1, 2 and 3 threads, and the float64 sum to float32 rounding', async () => {
    await sameBits(() => [x.sum(), x.mean()], 2);
    const exact = x.to('float64').sum().itemSync() as number;
    expect(Math.abs((x.sum().itemSync() as number) - exact)).toBeLessThan(1e-4);
  });
});
