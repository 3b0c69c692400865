// The matmul kernel against a plain triple loop, on shapes that straddle its tiles (4 rows, 4 or 8
// columns), on transposed and broadcast inputs, and on special values; on the WebAssembly engine and
// on the plain-JS one, which must agree to the bit.
import { afterAll, describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import { setConvWasm } from '../src/kernels/conv-engine';
import { setSimd } from '../src/wasm/module';

function reference(a: number[][], b: number[][], n = b[0]!.length): number[][] {
  return a.map((row) => Array.from({ length: n }, (_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
}

function expectClose(actual: number[][], expected: number[][], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - expected[i]![j]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(expected[i]![j]!)))));
}

describe('matmul kernel', () => {
  it.each([
    [1, 1, 1],
    [5, 3, 7],
    [130, 67, 257],
    [4, 300, 129],
    [7, 0, 3],
  ])('[%i, %i] @ [%i, ·] matches a triple loop (float64)', (m, k, n) => {
    torch.manualSeed(m * 1000 + k * 10 + n);
    const a = torch.randn([m, k], { dtype: 'float64' });
    const b = torch.randn([k, n], { dtype: 'float64' });
    expectClose(a.matmul(b).tolistSync() as number[][], reference(a.tolistSync() as number[][], b.tolistSync() as number[][], n), 1e-12);
  });

  it('reads transposed and sliced operands in place', () => {
    torch.manualSeed(1);
    const a = torch.randn([9, 140], { dtype: 'float64' });
    const b = torch.randn([133, 6], { dtype: 'float64' });
    const at = a.T.at('::2').T; // [9, 70], strides [140, 2]
    const bt = b.at('3:', ':').T.T;
    const got = at.matmul(bt.at(':70')).tolistSync() as number[][];
    expectClose(got, reference(at.contiguous().tolistSync() as number[][], bt.at(':70').contiguous().tolistSync() as number[][]), 1e-12);
  });

  it('batched with broadcasting', () => {
    torch.manualSeed(2);
    const a = torch.randn([3, 1, 5, 6], { dtype: 'float64' });
    const b = torch.randn([4, 6, 2], { dtype: 'float64' });
    const c = a.matmul(b);
    expect(c.shape).toEqual([3, 4, 5, 2]);
    const a21 = a.at(2, 0).tolistSync() as number[][];
    const b3 = b.at(3).tolistSync() as number[][];
    expectClose(c.at(2, 3).tolistSync() as number[][], reference(a21, b3), 1e-12);
  });

  it('propagates NaN and Infinity like IEEE arithmetic', () => {
    const a = torch.tensor([[0, 1], [Infinity, 0]], { dtype: 'float32' });
    const b = torch.tensor([[NaN, 1], [2, 3]], { dtype: 'float32' });
    expect(a.matmul(b).tolistSync()).toEqual([[NaN, 3], [NaN, Infinity]]);
  });

  it('integer matmul is exact', () => {
    const a = torch.arange(12).reshape(3, 4);
    expect(a.matmul(a.T).tolistSync()).toEqual([[14, 38, 62], [38, 126, 214], [62, 214, 366]]);
  });
});

describe('float32 GEMM packing', () => {
  // packing only moves data: every layout of the same operands gives the same float32 sums, bit for bit
  it.each([
    [4, 4, 8],
    [5, 3, 9],
    [13, 259, 21],
    [64, 784, 128],
    [9, 515, 16],
  ])('[%i, %i] @ [%i, ·]: transposed and row-major operands give the bits of contiguous ones', (m, k, n) => {
    torch.manualSeed(m + k + n);
    const a = torch.randn([m, k]);
    const b = torch.randn([k, n]);
    const want = Array.from(a.matmul(b).dataSync());
    const aColumnMajor = a.T.contiguous().T; // strides [1, m]: packed with vector loads
    const bColumnMajor = b.T.contiguous().T; // strides [1, k]: a linear's weight, packed through 4 x 4 transposes
    expect(Array.from(aColumnMajor.matmul(b).dataSync())).toEqual(want);
    expect(Array.from(a.matmul(bColumnMajor).dataSync())).toEqual(want);
    expect(Array.from(aColumnMajor.matmul(bColumnMajor).dataSync())).toEqual(want);
    // strides the vector paths do not take: element by element
    const aWide = torch.randn([m, 2 * k]);
    aWide.at(':', '::2').copy_(a);
    expect(Array.from(aWide.at(':', '::2').matmul(b).dataSync())).toEqual(want);
  });
});

describe('matmul sums', () => {
  afterAll(() => {
    setConvWasm(true);
    setSimd(true);
  });
  /** The triple loop in the kernels' order: s = 0; s += a[i][k] * b[k][j] for k = 0, 1, ... */
  const ordered = (a: number[][], b: number[][]) => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
  const absolute = (a: number[][], b: number[][]) => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + Math.abs(v * b[k]![j]!), 0)));

  for (const wasm of [true, false]) {
    it(`float64 on the ${wasm ? 'WebAssembly' : 'plain-JS'} engine equals the ordered double sum`, () => {
      setConvWasm(wasm);
      torch.manualSeed(7);
      const a = torch.randn([13, 784], { dtype: 'float64' });
      const b = torch.randn([784, 11], { dtype: 'float64' });
      expect(a.matmul(b).tolistSync()).toEqual(ordered(a.tolistSync() as number[][], b.tolistSync() as number[][]));
    });
  }

  it('float32 on the TypeScript reference is the ordered double sum rounded once', () => {
    setSimd(false);
    torch.manualSeed(7);
    const a = torch.randn([13, 784]);
    const b = torch.randn([784, 11]);
    const want = ordered(a.tolistSync() as number[][], b.tolistSync() as number[][]);
    expect(a.matmul(b).tolistSync()).toEqual(want.map((row) => Array.from(Float32Array.from(row))));
    setSimd(true);
  });

  it.each([
    [13, 784, 11],
    [64, 300, 40],
    [37, 100, 97],
  ])('float32 SIMD [%i, %i] @ [·, %i] sums in float32 within its error bound (K eps sum |a b|)', (m, k, n) => {
    torch.manualSeed(m + k + n);
    const a = torch.randn([m, k]);
    const b = torch.randn([k, n]);
    const al = a.tolistSync() as number[][];
    const bl = b.tolistSync() as number[][];
    const want = ordered(al, bl);
    const bound = absolute(al, bl);
    const got = a.matmul(b).tolistSync() as number[][];
    const bad = got.flatMap((row, i) => row.flatMap((v, j) => (Math.abs(v - want[i]![j]!) <= k * 2 ** -24 * bound[i]![j]! ? [] : [`[${i}, ${j}] ${v} vs ${want[i]![j]}`])));
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
