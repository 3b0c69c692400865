// The fused kernels against the compositions they replace (the contract's reference), and the
// device random stream against the contract's Philox specification.
import { describe, expect, it } from 'vitest';
import './setup';
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import '@x/autograd';
import * as nn from '@x/nn';
import * as optim from '@x/optim';
import { webgpu } from '../src/index';

const fused = () => webgpu.backend.fused!;
const empty = (shape: number[], dtype: torch.DType = 'float32') => torch.empty(shape, { dtype, device: 'webgpu' });

async function expectClose(got: torch.Tensor, want: torch.Tensor, rtol = 1e-5, atol = 1e-6): Promise<void> {
  const g = Array.from(await got.dataAsync());
  const w = Array.from(await want.dataAsync());
  expect(got.shape).toEqual(want.shape);
  g.forEach((v, i) => {
    const e = w[i]!;
    if (Number.isNaN(e)) expect(v).toBeNaN();
    else expect(Math.abs(v - e)).toBeLessThanOrEqual(atol + rtol * Math.abs(e));
  });
}

describe('fused kernels on webgpu', () => {
  it('softmax and logSoftmax along any dim, strided input, NaN rows', async () => {
    torch.manualSeed(1);
    const base = torch.randn(6, 9).mul(3);
    base.set([2, 4], NaN);
    for (const [x, dim] of [[base, 1], [base, 0], [base.T, 1]] as const) {
      for (const log of [false, true]) {
        const out = empty([...x.shape]);
        expect(fused().softmax!(x.to('webgpu'), dim, log, out)).toBe(true);
        await expectClose(out, log ? x.logSoftmax(dim) : x.softmax(dim));
      }
    }
  });

  it('the softmax gradient matches autograd of the composition', async () => {
    torch.manualSeed(2);
    const x = torch.randn(5, 7);
    const g = torch.randn(5, 7);
    for (const log of [false, true]) {
      const xr = x.clone().requiresGrad_();
      const y = log ? xr.logSoftmax(1) : xr.softmax(1);
      y.backward(g);
      const gi = empty([5, 7]);
      expect(fused().softmaxBackward!(y.detach().to('webgpu'), g.to('webgpu'), 1, log, gi)).toBe(true);
      await expectClose(gi, xr.grad!);
    }
  });

  it('cross-entropy per sample with class weights and ignoreIndex; a target out of range goes to the error flag', async () => {
    torch.manualSeed(3);
    const logits = torch.randn(6, 5).mul(2);
    const target = torch.tensor([0, 4, -100, 2, 1, 3]);
    const weight = torch.rand(5).add(0.5);
    for (const w of [null, weight]) {
      const out = empty([6]);
      expect(fused().crossEntropy!(logits.to('webgpu'), target.to('webgpu'), w ? w.to('webgpu') : null, -100, out)).toBe(true);
      const want = nn.functional.crossEntropy(logits, target, { reduction: 'none', ...(w ? { weight: w } : {}) });
      await expectClose(out, want);
    }
    const out = empty([2]);
    fused().crossEntropy!(logits.at('0:2').to('webgpu'), torch.tensor([1, 7]).to('webgpu'), null, -100, out);
    await expect(out.dataAsync()).rejects.toThrow('crossEntropy: Target 7 is out of bounds');
  });

  it('linear = x @ weight.T + bias, then ReLU, reading weight through its strides', async () => {
    torch.manualSeed(4);
    const x = torch.randn(70, 33);
    const w = torch.randn(65, 33);
    const b = torch.randn(65);
    for (const relu of [false, true]) {
      for (const bias of [b, null]) {
        const out = empty([70, 65]);
        expect(fused().linear!(x.to('webgpu'), w.to('webgpu'), bias ? bias.to('webgpu') : null, relu, out)).toBe(true);
        let want = x.matmul(w.T);
        if (bias) want = want.add(bias);
        if (relu) want = want.relu();
        await expectClose(out, want, 1e-5, 1e-5);
      }
    }
  });

  it('Adam and AdamW steps follow optim.Adam/AdamW on the CPU (3 steps, weight decay, amsgrad)', async () => {
    for (const [Opt, decoupled, amsgrad] of [[optim.Adam, false, false], [optim.Adam, false, true], [optim.AdamW, true, false]] as const) {
      torch.manualSeed(5);
      const p0 = torch.randn(4, 6);
      const grads = [torch.randn(4, 6), torch.randn(4, 6), torch.randn(4, 6)];
      const lr = 0.01, beta1 = 0.9, beta2 = 0.99, eps = 1e-8, weightDecay = 0.1;
      const ref = p0.clone().requiresGrad_();
      const opt = new Opt([ref], { lr, betas: [beta1, beta2], eps, weightDecay, amsgrad });
      const param = p0.to('webgpu');
      const expAvg = torch.zeros(4, 6, { device: 'webgpu' });
      const expAvgSq = torch.zeros(4, 6, { device: 'webgpu' });
      const maxExpAvgSq = amsgrad ? torch.zeros(4, 6, { device: 'webgpu' }) : null;
      for (let step = 1; step <= 3; step++) {
        ref.grad = grads[step - 1]!;
        opt.step();
        const ok = fused().adam!({
          param, grad: grads[step - 1]!.to('webgpu'), expAvg, expAvgSq, maxExpAvgSq, lr, beta1, beta2, eps, weightDecay,
          decoupled, maximize: false, stepSize: lr / (1 - beta1 ** step), biasCorrection2Sqrt: Math.sqrt(1 - beta2 ** step),
        });
        expect(ok).toBe(true);
      }
      await expectClose(param, ref.detach(), 1e-5, 1e-7);
    }
  });

  it('SGD with momentum and Nesterov from an initialised buffer', async () => {
    torch.manualSeed(6);
    const p = torch.randn(10);
    const g = torch.randn(10);
    const buf = torch.randn(10);
    const param = p.to('webgpu');
    const momentumBuffer = buf.to('webgpu');
    fused().sgd!({ param, grad: g.to('webgpu'), momentumBuffer, lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0.01, nesterov: true, maximize: false });
    const d = g.add(p, { alpha: 0.01 });
    const nb = buf.mul(0.9).add(d);
    await expectClose(momentumBuffer, nb);
    await expectClose(param, p.add(d.add(nb, { alpha: 0.9 }), { alpha: -0.1 }));
  });
});

// The contract's Philox4x32-10 stream, written from its specification (RandomRequest).
function mulhi(a: number, b: number): number {
  return Number((BigInt(a) * BigInt(b)) >> 32n);
}
function philox(counter: number[], key: number[]): number[] {
  let [c0, c1, c2, c3] = counter as [number, number, number, number];
  let [k0, k1] = key as [number, number];
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = (k0 + 0x9e3779b9) >>> 0;
      k1 = (k1 + 0xbb67ae85) >>> 0;
    }
    const hi0 = mulhi(0xd2511f53, c0), lo0 = Math.imul(0xd2511f53, c0) >>> 0;
    const hi1 = mulhi(0xcd9e8d57, c2), lo1 = Math.imul(0xcd9e8d57, c2) >>> 0;
    [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, lo1, (hi0 ^ c3 ^ k1) >>> 0, lo0];
  }
  return [c0, c1, c2, c3];
}
function words(n: number, key: [number, number], counter: [number, number, number, number]): number[] {
  const out: number[] = [];
  for (let j = 0; out.length < n; j++) {
    let c = BigInt(counter[0]) + (BigInt(counter[1]) << 32n) + (BigInt(counter[2]) << 64n) + (BigInt(counter[3]) << 96n) + BigInt(j);
    c &= (1n << 128n) - 1n;
    const block = philox([0, 1, 2, 3].map((w) => Number((c >> BigInt(32 * w)) & 0xffffffffn)), key);
    out.push(...block);
  }
  return out.slice(0, n);
}

describe('random on webgpu', () => {
  // a counter whose low word wraps inside the tensor: the 128-bit add must carry
  const key: [number, number] = [0x12345678, 0x9abcdef0];
  const counter: [number, number, number, number] = [0xfffffff0, 0xffffffff, 7, 0];

  it('bits: element i is word i mod 4 of block counter + i / 4', async () => {
    const out = empty([301], 'int32');
    webgpu.backend.random!({ kind: 'bits', key, counter, a: 0, b: 0 }, out);
    expect(Array.from(await out.dataAsync())).toEqual(words(301, key, counter).map((w) => w | 0));
  });

  it('uniform in [low, high) and normal by Box-Muller, as specified', async () => {
    const w = words(300, key, counter);
    const u = empty([300]);
    webgpu.backend.random!({ kind: 'uniform', key, counter, a: -2, b: 3 }, u);
    const got = await u.dataAsync();
    w.forEach((x, i) => expect(got[i]).toBeCloseTo(-2 + 5 * ((x >>> 8) * 2 ** -24), 5));
    const nrm = empty([300]);
    webgpu.backend.random!({ kind: 'normal', key, counter, a: 1, b: 2 }, nrm);
    const gn = await nrm.dataAsync();
    for (let j = 0; j < 150; j++) {
      const u1 = 1 - (w[2 * j]! >>> 8) * 2 ** -24;
      const u2 = (w[2 * j + 1]! >>> 8) * 2 ** -24;
      const r = Math.sqrt(-2 * Math.log(u1));
      expect(gn[2 * j]).toBeCloseTo(1 + 2 * r * Math.cos(2 * Math.PI * u2), 4);
      expect(gn[2 * j + 1]).toBeCloseTo(1 + 2 * r * Math.sin(2 * Math.PI * u2), 4);
    }
  });

  it('keeps uniform values below high where float32 rounding would reach it', async () => {
    const out = empty([64]);
    webgpu.backend.random!({ kind: 'uniform', key, counter, a: 1e6, b: 1e6 + 1 }, out);
    for (const v of await out.dataAsync()) expect(v).toBeLessThan(1e6 + 1);
  });
});
