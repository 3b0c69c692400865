// The CPU convolution and pooling kernels against direct loops, on both matrix-product engines
// (WebAssembly SIMD and the plain-JS fallback), at sizes the PyTorch fixtures do not reach: several
// row chunks per image, many channels, strided inputs, integer dtypes. The gradient kernels are
// checked through the adjoint identities <conv(x, w), g> = <x, dx(g, w)> = <w, dw(x, g)>.
import { afterAll, describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import { setConvWasm } from '../src/kernels/conv-engine';
import { wasmKernels } from '../src/kernels/conv-wasm';

type Tensor = torch.Tensor;

interface Case {
  name: string;
  x: number[];
  w: number[];
  options: torch.ConvOptions;
}

/** Top/left padding and output size as conv2d computes them (for the reference loops). */
function geometry(c: Case): { pad: number[]; stride: number[]; dil: number[]; out: number[] } {
  const two = (v: number | readonly number[] | undefined, d: number) => (v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : [v[0]!, v[1] ?? v[0]!]);
  const stride = two(c.options.stride, 1);
  const dil = two(c.options.dilation, 1);
  const k = c.w.slice(2);
  let pad: number[];
  let total: number[];
  if (c.options.padding === 'same') {
    total = k.map((kk, i) => dil[i]! * (kk - 1));
    pad = total.map((t) => Math.floor(t / 2));
  } else {
    pad = two(c.options.padding === 'valid' ? 0 : c.options.padding, 0);
    total = pad.map((p) => 2 * p);
  }
  const out = [0, 1].map((i) => Math.floor((c.x[2 + i]! + total[i]! - dil[i]! * (k[i]! - 1) - 1) / stride[i]!) + 1);
  return { pad, stride, dil, out };
}

function naiveConv(x: Tensor, w: Tensor, bias: Tensor | null, c: Case): number[] {
  const X = Array.from(x.contiguous().dataSync(), Number);
  const Wt = Array.from(w.contiguous().dataSync(), Number);
  const B = bias === null ? null : Array.from(bias.dataSync(), Number);
  const [N, C, H, W] = c.x as [number, number, number, number];
  const [Co, Cg, kh, kw] = c.w as [number, number, number, number];
  const G = c.options.groups ?? 1;
  const { pad, stride, dil, out } = geometry(c);
  const [OH, OW] = out as [number, number];
  const res: number[] = [];
  for (let n = 0; n < N; n++) {
    for (let co = 0; co < Co; co++) {
      const grp = Math.floor(co / (Co / G));
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          let s = B === null ? 0 : B[co]!;
          for (let ci = 0; ci < Cg; ci++) {
            for (let i = 0; i < kh; i++) {
              for (let j = 0; j < kw; j++) {
                const ih = oh * stride[0]! - pad[0]! + i * dil[0]!;
                const iw = ow * stride[1]! - pad[1]! + j * dil[1]!;
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                s += X[((n * C + grp * Cg + ci) * H + ih) * W + iw]! * Wt[((co * Cg + ci) * kh + i) * kw + j]!;
              }
            }
          }
          res.push(s);
        }
      }
    }
  }
  return res;
}

const CASES: Case[] = [
  { name: 'mnist layer 1', x: [3, 1, 28, 28], w: [32, 1, 3, 3], options: { padding: 1 } },
  { name: 'mnist layer 2 (several row chunks)', x: [2, 32, 14, 14], w: [64, 32, 3, 3], options: { padding: 1 } },
  { name: 'many channels: one output row per chunk', x: [1, 64, 9, 40], w: [10, 64, 3, 3], options: { padding: [1, 0] } },
  { name: 'groups, stride, dilation', x: [2, 6, 13, 11], w: [9, 2, 3, 2], options: { groups: 3, stride: [2, 1], dilation: [1, 2], padding: [2, 1] } },
  { name: 'depthwise', x: [2, 8, 10, 10], w: [8, 1, 5, 5], options: { groups: 8, padding: 2 } },
  { name: "'same' with an even kernel (asymmetric padding)", x: [1, 5, 7, 9], w: [7, 5, 4, 2], options: { padding: 'same' } },
  { name: 'output rows and columns not multiples of the tile', x: [1, 3, 5, 7], w: [5, 3, 2, 2], options: { stride: 2 } },
  { name: '1x1', x: [2, 16, 6, 6], w: [13, 16, 1, 1], options: {} },
];

const ENGINES = [
  { name: 'WebAssembly SIMD', wasm: true },
  { name: 'plain JS', wasm: false },
];

afterAll(() => setConvWasm(true));

it('compiles the WebAssembly SIMD kernels on this engine', () => {
  expect(wasmKernels()).not.toBeNull();
});

for (const engine of ENGINES) {
  describe(`conv2d kernels (${engine.name})`, () => {
    const use = () => setConvWasm(engine.wasm);

    for (const c of CASES) {
      it(`forward matches direct loops: ${c.name}`, () => {
        use();
        torch.manualSeed(1);
        for (const dtype of ['float64', 'float32'] as const) {
          const x = torch.randn(c.x, { dtype });
          const w = torch.randn(c.w, { dtype });
          const b = torch.randn([c.w[0]!], { dtype });
          const got = torch.conv2d(x, w, b, c.options);
          const want = naiveConv(x, w, b, c);
          expect(got.shape.slice(2)).toEqual(geometry(c).out);
          const values = got.dataSync();
          // float32 sums are float32 on the WebAssembly engine (as PyTorch's): error grows with the depth K
          const K = c.w[1]! * c.w[2]! * c.w[3]!;
          const tol = dtype === 'float64' ? 1e-12 : Math.max(2e-5, 2e-7 * K);
          let worst = 0;
          for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(values[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!)));
          expect(worst).toBeLessThan(tol);
        }
      });

      it(`gradients are the adjoints of the forward: ${c.name}`, () => {
        use();
        torch.manualSeed(2);
        const x = torch.randn(c.x, { dtype: 'float64' });
        const w = torch.randn(c.w, { dtype: 'float64' });
        const y = torch.conv2d(x, w, null, c.options);
        const g = torch.randn([...y.shape], { dtype: 'float64' });
        const plan = planOf(x, w, c);
        const dx = torch.convolutionBackwardInput(g, w, x.shape, plan);
        const [dw, db] = torch.convolutionBackwardWeightBias(x, g, w.shape, plan);
        const dw2 = torch.convolutionBackwardWeight(x, g, w.shape, plan);
        const yg = y.mul(g).sum().itemSync() as number;
        expect(x.mul(dx).sum().itemSync()).toBeCloseTo(yg, 8);
        expect(w.mul(dw).sum().itemSync()).toBeCloseTo(yg, 8);
        expect(dw2.equal(dw)).toBe(true);
        expect(db.allclose(g.sum([0, 2, 3]), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
      });
    }

    it('reads strided (transposed, sliced) inputs and gradients', () => {
      use();
      torch.manualSeed(3);
      const base = torch.randn([2, 4, 9, 12], { dtype: 'float64' });
      const x = base.transpose(2, 3).at(':', ':', '::2');
      const xc = x.contiguous();
      const w = torch.randn([3, 4, 3, 3], { dtype: 'float64' }).transpose(2, 3);
      expect(torch.conv2d(x, w, null, { padding: 1 }).allclose(torch.conv2d(xc, w.contiguous(), null, { padding: 1 }), { rtol: 0, atol: 1e-12 })).toBe(true);
      const g = torch.randn([2, 3, 6, 9], { dtype: 'float64' });
      const plan = planOf(xc, w, { name: '', x: [...xc.shape], w: [...w.shape], options: { padding: 1 } });
      const gT = g.transpose(2, 3).contiguous().transpose(2, 3);
      expect(torch.convolutionBackwardInput(gT, w, xc.shape, plan).allclose(torch.convolutionBackwardInput(g, w.contiguous(), xc.shape, plan), { rtol: 0, atol: 1e-12 })).toBe(true);
      expect(torch.convolutionBackwardWeight(x, gT, w.shape, plan).allclose(torch.convolutionBackwardWeight(xc, g, w.shape, plan), { rtol: 0, atol: 1e-12 })).toBe(true);
    });

    it('convolves integer tensors exactly (int32, int64, uint8 wraps like PyTorch)', () => {
      use();
      const c: Case = { name: '', x: [2, 3, 6, 5], w: [4, 3, 2, 3], options: { padding: 1 } };
      const x = torch.randint(-5, 6, c.x);
      const w = torch.randint(-5, 6, c.w);
      const want = naiveConv(x, w, null, c);
      expect(Array.from(torch.conv2d(x, w).dataSync()).length).toBeGreaterThan(0);
      expect(Array.from(torch.conv2d(x, w, null, c.options).dataSync())).toEqual(want);
      expect(Array.from(torch.conv2d(x.int(), w.int(), null, c.options).dataSync())).toEqual(want);
      const u = torch.conv2d(x.abs().byte(), w.abs().byte(), null, c.options);
      expect(u.dtype).toBe('uint8');
      expect(Array.from(u.dataSync())).toEqual(naiveConv(x.abs(), w.abs(), null, c).map((v) => v % 256));
    });
  });
}

it('the engines agree bit for bit in float64 (both sum in the same order in doubles)', () => {
  torch.manualSeed(4);
  const x = torch.randn([2, 16, 12, 12], { dtype: 'float64' });
  const w = torch.randn([24, 16, 3, 3], { dtype: 'float64' });
  setConvWasm(true);
  const a = torch.conv2d(x, w, null, { padding: 1 });
  setConvWasm(false);
  const b = torch.conv2d(x, w, null, { padding: 1 });
  setConvWasm(true);
  expect(a.equal(b)).toBe(true);
});

it('conv1d runs as a conv2d of unit height', () => {
  torch.manualSeed(5);
  const x = torch.randn([2, 3, 17], { dtype: 'float64' });
  const w = torch.randn([4, 3, 5], { dtype: 'float64' });
  const b = torch.randn([4], { dtype: 'float64' });
  const y = torch.conv1d(x, w, b, { stride: 2, padding: 2, dilation: 1 });
  const y2 = torch.conv2d(x.unsqueeze(2), w.unsqueeze(2), b, { stride: [1, 2], padding: [0, 2] }).squeeze(2);
  expect(y.shape).toEqual([2, 4, 9]);
  expect(y.allclose(y2, { rtol: 0, atol: 0 })).toBe(true);
});

function planOf(x: Tensor, w: Tensor, c: Case): torch.ConvPlan {
  const { pad, stride, dil, out } = geometry({ ...c, x: [...x.shape], w: [...w.shape] });
  const total = [0, 1].map((i) => (out[i]! - 1) * stride[i]! + dil[i]! * (w.shape[2 + i]! - 1) + 1 - x.shape[2 + i]!);
  return {
    spatial: 2,
    stride: [stride[0]!, stride[1]!],
    padding: [pad[0]!, pad[1]!],
    paddingEnd: [Math.max(0, total[0]! - pad[0]!), Math.max(0, total[1]! - pad[1]!)],
    dilation: [dil[0]!, dil[1]!],
    groups: c.options.groups ?? 1,
  };
}

describe('max pooling kernels', () => {
  function naivePool(x: Tensor, k: number[], s: number[], p: number[], d: number[], out: number[]): { values: number[]; indices: number[] } {
    const X = Array.from(x.dataSync(), Number);
    const [N, C, H, W] = x.shape as [number, number, number, number];
    const values: number[] = [];
    const indices: number[] = [];
    for (let pl = 0; pl < N * C; pl++) {
      for (let oh = 0; oh < out[0]!; oh++) {
        for (let ow = 0; ow < out[1]!; ow++) {
          let best = -Infinity;
          let at = -1;
          for (let i = 0; i < k[0]!; i++) {
            for (let j = 0; j < k[1]!; j++) {
              const ih = oh * s[0]! - p[0]! + i * d[0]!;
              const iw = ow * s[1]! - p[1]! + j * d[1]!;
              if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
              const v = X[pl * H * W + ih * W + iw]!;
              if (at < 0 || v > best || Number.isNaN(v)) {
                best = v;
                at = ih * W + iw;
              }
            }
          }
          values.push(best);
          indices.push(at);
        }
      }
    }
    return { values, indices };
  }

  it('matches direct loops on a large input, with padding, dilation and ceil mode', () => {
    torch.manualSeed(6);
    const x = torch.randn([4, 8, 29, 31]);
    const [values, indices] = torch.maxPool2d(x, [3, 2], { stride: [2, 3], padding: [1, 1], dilation: [2, 1], ceilMode: true, returnIndices: true });
    const want = naivePool(x, [3, 2], [2, 3], [1, 1], [2, 1], values.shape.slice(2));
    expect(Array.from(values.dataSync())).toEqual(want.values.map(Math.fround));
    expect(Array.from(indices.dataSync())).toEqual(want.indices);
  });

  it('2x2 windows at stride 2 (4 outputs a step): ties keep the first, any NaN takes over, odd sizes', () => {
    torch.manualSeed(11);
    // small integers: many ties; NaNs in a tenth of the places, some windows with two
    const base = torch.randint(-3, 4, [3, 5, 9, 23]).float();
    const x = torch.where(torch.rand([3, 5, 9, 23]).lt(0.1), NaN, base);
    const [values, indices] = torch.maxPool2d(x, 2, { returnIndices: true });
    const want = naivePool(x, [2, 2], [2, 2], [0, 0], [1, 1], values.shape.slice(2));
    expect(Array.from(values.dataSync())).toEqual(want.values.map(Math.fround));
    expect(Array.from(indices.dataSync())).toEqual(want.indices);
  });

  it('the backward adds each gradient at its index, summing shared maxima', () => {
    const x = torch.tensor([[[[1, 1, 1], [1, 5, 1], [1, 1, 1]]]], { dtype: 'float32' });
    const [values, indices] = torch.maxPool2d(x, 2, { stride: 1, returnIndices: true });
    expect(values.tolistSync()).toEqual([[[[5, 5], [5, 5]]]]);
    const g = torch.tensor([[[[1, 2], [3, 4]]]], { dtype: 'float32' });
    expect(torch.maxPool2dBackward(g, indices, x.shape, { kernel: [2, 2], stride: [1, 1], padding: [0, 0], dilation: [1, 1] }).tolistSync()).toEqual([
      [[[0, 0, 0], [0, 10, 0], [0, 0, 0]]],
    ]);
  });
});
