// Matrix products split over worker threads give the bits of one thread (each output element is
// summed in the same order), split by rows or by columns, for any thread count; so do optimizer
// updates split into ranges of elements. A kernel that fails on a worker thread fails the call.
import { afterAll, describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import { setParallelMinMacs } from '../src/kernels/simd-matmul';
import { parallelStats, runParallel } from '../src/pool-threads';
import { simd, UNARY_CODE } from '../src/wasm/module';
import { cpuBackend } from '../src/index';
import { helpersReady, restoreThreadDefaults } from './threads-helpers';

afterAll(restoreThreadDefaults);

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

describe('threaded optimizer updates', () => {
  // 100,003 elements: above the threshold for splitting, with a scalar tail on the last thread
  const n = 100_003;
  /** Kernels the last update split over threads (creating its inputs splits some too). */
  let splitRuns = 0;
  /** Each tensor's bytes, to compare bit for bit (NaN payloads and -0 included). */
  const bytes = (ts: torch.Tensor[]) => ts.map((t) => Buffer.from((t.dataSync() as Float32Array).buffer.slice(0)).toString('base64'));

  function adam(): string[] {
    torch.manualSeed(8);
    const [p, g, m, v, vmax] = [torch.randn(n), torch.randn(n), torch.randn(n).mul(0.1), torch.rand(n), torch.rand(n)];
    const before = bytes([p]);
    const runs = parallelStats.runs;
    expect(cpuBackend.fused!.adam!({
      param: p, grad: g, expAvg: m, expAvgSq: v, maxExpAvgSq: vmax, lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8,
      weightDecay: 0.1, decoupled: false, maximize: false, stepSize: 0.1, biasCorrection2Sqrt: 0.3,
    })).toBe(true);
    splitRuns = parallelStats.runs - runs;
    expect(bytes([p])).not.toEqual(before);
    return bytes([p, m, v, vmax]);
  }

  function sgd(): string[] {
    torch.manualSeed(9);
    const [p, g, buf] = [torch.randn(n), torch.randn(n), torch.randn(n)];
    const runs = parallelStats.runs;
    expect(cpuBackend.fused!.sgd!({ param: p, grad: g, momentumBuffer: buf, lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01, nesterov: true, maximize: false })).toBe(true);
    splitRuns = parallelStats.runs - runs;
    return bytes([p, buf]);
  }

  it.each([['Adam (amsgrad, weight decay)', adam], ['SGD (momentum, nesterov)', sgd]] as const)('%s on 2 and 3 threads: the bits of one thread', async (_, update) => {
    torch.setNumThreads(1);
    const one = update();
    for (const t of [2, 3]) {
      await helpersReady(t);
      expect(update()).toEqual(one);
      expect(splitRuns).toBe(1);
    }
  });
});

describe('a kernel that fails on a worker thread', () => {
  it('throws on the caller, naming the kernel, and the pool keeps working', async () => {
    await helpersReady(2);
    const k = simd()!;
    const own = torch.rand(1 << 21); // the caller's part: long enough for the spinning helper to claim its own
    const p = ((own as unknown as { _storage: { ptr: number } })._storage).ptr;
    const beyond = k.memory.buffer.byteLength + (1 << 20); // past the end of the memory: the helper's part traps
    let fromHelper = false;
    for (let attempt = 0; attempt < 5 && !fromHelper; attempt++) {
      const runs = parallelStats.takenBack;
      expect(() => runParallel('unary_f32', [[UNARY_CODE.exp!, 1, 1 << 21, p, 0, p, 0], [UNARY_CODE.exp!, 1, 1024, beyond, 0, beyond, 0]])).toThrow();
      fromHelper = parallelStats.takenBack === runs;
    }
    expect(fromHelper).toBe(true);
    expect(() => runParallel('unary_f32', [[UNARY_CODE.exp!, 1, 1 << 21, p, 0, p, 0], [UNARY_CODE.exp!, 1, 1024, beyond, 0, beyond, 0]])).toThrow(/unary_f32|out of bounds/);
    // the helper is alive and its failure flag cleared: a split product runs and is right
    setParallelMinMacs(0);
    const a = torch.randn(64, 80);
    const b = torch.randn(80, 96);
    const runs = parallelStats.runs;
    const got = a.matmul(b);
    expect(parallelStats.runs).toBeGreaterThan(runs);
    torch.setNumThreads(1);
    expect(Array.from(got.dataSync() as Float32Array)).toEqual(Array.from(a.matmul(b).dataSync() as Float32Array));
  });
});
