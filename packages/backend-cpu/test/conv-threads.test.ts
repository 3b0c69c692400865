// float32 convolutions on the im2col path (fewer than 8 channels, stride, dilation, groups, other
// kernel sizes) split over worker threads by samples and chunks of output rows (wasm/conv-units.c):
// the forward and the input gradient give the bits of one thread on 2 and 3 threads, the weight and
// bias gradients (per-thread partial sums, added after) stay within float32 rounding of one thread's
// and of float64 sums, and the same bits whether a helper or the calling thread (taking back a part
// no helper started) ran each part; with fewer shares than threads the products split instead.
import { afterAll, describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import { im2colSplitStats } from '../src/kernels/conv-simd';
import { winogradStats } from '../src/kernels/conv-winograd';
import { setParallelMinMacs } from '../src/kernels/simd-matmul';
import { parallelStats, setHelpersPaused } from '../src/pool-threads';
import { helpersReady, restoreThreadDefaults } from './threads-helpers';

type Tensor = torch.Tensor;

afterAll(restoreThreadDefaults);

interface Case {
  name: string;
  x: number[];
  w: number[];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

const CASES: Case[] = [
  { name: 'the MNIST CNN first layer', x: [5, 1, 28, 28], w: [32, 1, 3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
  { name: 'stride, padding and dilation, a 3 x 2 kernel', x: [4, 3, 17, 15], w: [6, 3, 3, 2], stride: [2, 1], padding: [1, 2], dilation: [2, 1], groups: 1 },
  { name: 'groups (3 shares a sample)', x: [3, 6, 9, 11], w: [9, 2, 3, 3], stride: [1, 1], padding: [1, 0], dilation: [1, 1], groups: 3 },
  { name: 'several chunks of output rows per image', x: [3, 3, 60, 200], w: [4, 3, 5, 5], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
];

const planOf = (c: Case): torch.ConvPlan => ({ spatial: 2, stride: c.stride, padding: c.padding, paddingEnd: c.padding, dilation: c.dilation, groups: c.groups });

/** The largest |a - b| / max(1, |b|). */
function worstRelative(got: Tensor, want: Tensor): number {
  const a = got.dataSync();
  const b = want.dataSync();
  expect(a.length).toBe(b.length);
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(Number(a[i]) - Number(b[i])) / Math.max(1, Math.abs(Number(b[i]))));
  return w;
}

const bits = (t: Tensor) => Buffer.from((t.dataSync() as Float32Array).slice().buffer).toString('base64');

describe('im2col convolutions split over threads', () => {
  for (const c of CASES) {
    it(`forward, input and weight gradients on 2 and 3 threads match 1 thread: ${c.name}`, async () => {
      torch.manualSeed(11);
      const x = torch.randn(c.x);
      const w = torch.randn(c.w).mul(0.3);
      const b = torch.randn([c.w[0]!]);
      const options = { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
      setParallelMinMacs(0);
      torch.setNumThreads(1);
      const y1 = torch.conv2d(x, w, b, options);
      const g = torch.randn([...y1.shape]);
      const plan = planOf(c);
      const dx1 = torch.convolutionBackwardInput(g, w, x.shape, plan);
      const [dw1, db1] = torch.convolutionBackwardWeightBias(x, g, w.shape, plan);
      // against float64 sums (the plain-TypeScript kernels), a reduction over every sample's positions
      const [dw64, db64] = torch.convolutionBackwardWeightBias(x.double(), g.double(), w.shape, plan);
      const R = c.x[0]! * y1.shape[2]! * y1.shape[3]!;
      const bound = Math.max(2e-5, 2e-7 * R);
      for (const t of [2, 3]) {
        await helpersReady(t);
        const [split, wino] = [im2colSplitStats.runs, winogradStats.runs];
        // repeated: a kernel that spilled to the (shared) stack would race with itself now and then
        for (let i = 0; i < 3; i++) {
          expect(bits(torch.conv2d(x, w, b, options))).toBe(bits(y1));
          expect(bits(torch.convolutionBackwardInput(g, w, x.shape, plan))).toBe(bits(dx1));
        }
        const [dw, db] = torch.convolutionBackwardWeightBias(x, g, w.shape, plan);
        expect(im2colSplitStats.runs - split).toBe(7);
        expect(winogradStats.runs).toBe(wino);
        expect(worstRelative(dw, dw1)).toBeLessThan(bound);
        expect(worstRelative(db, db1)).toBeLessThan(bound);
        expect(worstRelative(dw, dw64)).toBeLessThan(bound);
        expect(worstRelative(db, db64)).toBeLessThan(bound);
        // without the bias, the weight gradient sums the same way
        expect(bits(torch.convolutionBackwardWeight(x, g, w.shape, plan))).toBe(bits(dw));
      }
    });
  }

  it('gives the same bits whether the helpers or the caller ran the parts (each sums into its own partial)', async () => {
    torch.manualSeed(14);
    const c = CASES[0]!;
    const x = torch.randn(c.x);
    const w = torch.randn(c.w);
    const b = torch.randn([c.w[0]!]);
    const g = torch.randn([c.x[0]!, c.w[0]!, 28, 28]);
    const plan = planOf(c);
    const all = () => [torch.conv2d(x, w, b, { padding: 1 }), torch.convolutionBackwardInput(g, w, x.shape, plan), ...torch.convolutionBackwardWeightBias(x, g, w.shape, plan)].map(bits);
    setParallelMinMacs(0);
    await helpersReady(3);
    const helped = all();
    setHelpersPaused(true);
    try {
      const [split, back] = [im2colSplitStats.runs, parallelStats.takenBack];
      expect(all()).toEqual(helped);
      expect(im2colSplitStats.runs - split).toBe(3);
      expect(parallelStats.takenBack - back).toBe(3 * 2);
    } finally {
      setHelpersPaused(false);
    }
  });

  it('reads strided inputs and bias in place', async () => {
    torch.manualSeed(12);
    const x = torch.randn([4, 2, 13, 10]).transpose(2, 3);
    const w = torch.randn([5, 2, 3, 3]);
    const b = torch.randn([5, 2]).select(1, 1);
    setParallelMinMacs(0);
    torch.setNumThreads(1);
    const one = bits(torch.conv2d(x, w, b, { padding: 1 }));
    await helpersReady(2);
    const split = im2colSplitStats.runs;
    const y = torch.conv2d(x, w, b, { padding: 1 });
    expect(im2colSplitStats.runs).toBe(split + 1);
    expect(bits(y)).toBe(one);
    expect(worstRelative(y, torch.conv2d(x.double(), w.double(), b.double(), { padding: 1 }))).toBeLessThan(1e-5);
  });

  it('with fewer shares than threads, splits the products instead (one sample, one chunk)', async () => {
    torch.manualSeed(13);
    const x = torch.randn([1, 1, 28, 28]);
    const w = torch.randn([32, 1, 3, 3]);
    setParallelMinMacs(0);
    torch.setNumThreads(1);
    const one = bits(torch.conv2d(x, w, null, { padding: 1 }));
    await helpersReady(3);
    const [split, runs] = [im2colSplitStats.runs, parallelStats.runs];
    expect(bits(torch.conv2d(x, w, null, { padding: 1 }))).toBe(one);
    expect(im2colSplitStats.runs).toBe(split);
    expect(parallelStats.runs).toBe(runs + 1);
  });

  it('stays on one thread below the size worth splitting', async () => {
    setParallelMinMacs(2 ** 19);
    await helpersReady(2);
    const x = torch.randn([2, 1, 8, 8]);
    const w = torch.randn([4, 1, 3, 3]);
    const split = im2colSplitStats.runs;
    torch.conv2d(x, w, null, { padding: 1 });
    expect(im2colSplitStats.runs).toBe(split);
  });
});
