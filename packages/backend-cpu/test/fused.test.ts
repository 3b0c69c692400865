// The fused kernels (the device contract's `fused` hook) against compositions of primitive ops (the
// reference): softmax/log-softmax forward and backward, cross-entropy, ReLU backward, linear (+ ReLU), and Adam/AdamW
// and SGD updates against PyTorch 1.13's formulas op by op in float32, at float32 tolerance.
import { afterAll, describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import { cpuBackend } from '../src/index';
import { setSimd } from '../src/wasm/module';

afterAll(() => setSimd(true));
const fused = cpuBackend.fused!;

function expectClose(got: torch.Tensor, want: torch.Tensor, what: string): void {
  const g = Array.from(got.reshape(-1).dataSync() as Float32Array);
  const w = Array.from(want.reshape(-1).dataSync() as Float32Array);
  expect(g.length).toBe(w.length);
  const bad = g.flatMap((v, i) => (Math.abs(v - w[i]!) <= 1e-5 + 1.3e-6 * Math.abs(w[i]!) || (Number.isNaN(v) && Number.isNaN(w[i]!)) ? [] : [`[${i}] ${v} vs ${w[i]}`]));
  expect(bad.slice(0, 5), what).toEqual([]);
}

const softmax = (x: torch.Tensor, log: boolean) => {
  const z = x.sub(x.amax(1, true));
  return log ? z.sub(z.exp().sum(1, true).log()) : z.exp().div(z.exp().sum(1, true));
};
const softmaxGrad = (y: torch.Tensor, g: torch.Tensor, log: boolean) =>
  log ? g.sub(y.exp().mul(g.sum(1, true))) : y.mul(g.sub(g.mul(y).sum(1, true)));

describe('fused kernels match their compositions', () => {
  it.each([[3, 5], [7, 1000], [64, 10], [1, 37]])('softmax and log-softmax of [%i, %i], forward and backward', (n, c) => {
    torch.manualSeed(n * c);
    const x = torch.randn(n, c).mul(4);
    const g = torch.randn(n, c);
    for (const log of [false, true]) {
      const out = torch.empty(n, c);
      expect(fused.softmax!(x, 1, log, out)).toBe(true);
      const want = softmax(x, log);
      expectClose(out, want, `forward log=${log}`);
      const gi = torch.empty(n, c);
      expect(fused.softmaxBackward!(want, g, 1, log, gi)).toBe(true);
      expectClose(gi, softmaxGrad(want, g, log), `backward log=${log}`);
    }
  });

  it("softmax of rows with infinities is PyTorch's (NaN where the max is infinite), and a non-last dim is refused", () => {
    const x = torch.tensor([[-Infinity, 0, 1], [Infinity, 1, 2], [-Infinity, -Infinity, -Infinity]]);
    const out = torch.empty(3, 3);
    expect(fused.softmax!(x, 1, false, out)).toBe(true);
    expectClose(out, softmax(x, false), 'special rows');
    expect(fused.softmax!(x, 0, false, torch.empty(3, 3))).toBe(false);
  });

  it('cross-entropy per sample, with class weights and an ignored index; out-of-range targets fall back', () => {
    torch.manualSeed(3);
    const logits = torch.randn(16, 10).mul(3);
    const target = torch.randint(0, 10, [16]);
    target.at(3).fill_(-100);
    const weight = torch.rand(10);
    const out = torch.empty(16);
    expect(fused.crossEntropy!(logits, target, weight, -100, out)).toBe(true);
    const safe = target.clamp(0, 9);
    const nll = torch.logsumexp(logits, 1).sub(logits.gather(1, safe.unsqueeze(1)).squeeze(1)).mul(weight.gather(0, safe));
    expectClose(out, torch.where(target.eq(-100), 0, nll), 'weighted');
    expect(fused.crossEntropy!(logits, torch.full([16], 10, { dtype: 'int64' }), null, -100, torch.empty(16))).toBe(false);
  });

  it('ReLU backward is threshold_backward to the bit: 0 where the output is <= 0 (-0 included), the gradient where it is > 0 or NaN', () => {
    for (const n of [1, 7, 8, 9, 64 * 128 + 3]) {
      torch.manualSeed(n);
      const y = torch.randn(n).relu();
      const g = torch.randn(n);
      const special = [-0, NaN, Infinity, 0, -1];
      special.forEach((v, i) => i < n && y.at(i).fill_(v));
      if (n > 5) g.at(5).fill_(NaN);
      const out = torch.empty(n);
      expect(fused.reluBackward!(y, g, out)).toBe(true);
      const want = Array.from(torch.where(y.le(0), 0, g).dataSync());
      Array.from(out.dataSync()).forEach((v, i) => expect(Object.is(v, want[i]), `[${i}] ${v} vs ${want[i]}`).toBe(true));
    }
    expect(fused.reluBackward!(torch.randn(4, 3), torch.randn(3, 4).T, torch.empty(4, 3))).toBe(false); // a strided gradient: composed
  });

  it('addmm adds a @ b into out in place (a transposed gradient, as a weight gradient reads it), and refuses an out it cannot write row by row', () => {
    torch.manualSeed(6);
    const g = torch.randn(33, 9);
    const x = torch.randn(33, 70);
    const out = torch.randn(9, 70);
    const want = out.add(g.T.matmul(x));
    expect(fused.addmm!(g.T, x, out)).toBe(true);
    expectClose(out, want, 'out += g^T @ x');
    // from zero, the sums of the plain product to the bit
    const zero = torch.zeros(9, 70);
    expect(fused.addmm!(g.T, x, zero)).toBe(true);
    expect(Array.from(zero.dataSync())).toEqual(Array.from(g.T.matmul(x).dataSync()));
    expect(fused.addmm!(g.T, x, torch.zeros(70, 9).T)).toBe(false); // strided rows
    expect(fused.addmm!(g.T.at(':', ':1'), x.at(':1'), torch.zeros(1).expand(9, 1).reshape(9, 1).expand(9, 70))).toBe(false); // aliased elements
    expect(fused.addmm!(out.at(':', ':33'), x, out)).toBe(false); // out is an operand
  });

  it.each([false, true])('linear with bias, relu %s', (relu) => {
    torch.manualSeed(4);
    const x = torch.randn(33, 70);
    const w = torch.randn(19, 70);
    const b = torch.randn(19);
    const out = torch.empty(33, 19);
    expect(fused.linear!(x, w, b, relu, out)).toBe(true);
    const want = x.matmul(w.T).add(b);
    expectClose(out, relu ? want.relu() : want, 'linear');
  });
});

/** PyTorch 1.13's single-tensor Adam(W) for one element, each op rounded to float32. */
function adamRef(p: number, g: number, m: number, v: number, vmax: number, o: { lr: number; b1: number; b2: number; eps: number; wd: number; decoupled: boolean; maximize: boolean; amsgrad: boolean; step: number }) {
  const f = Math.fround;
  if (o.maximize) g = -g;
  if (o.decoupled) p = f(p * f(1 - o.lr * o.wd));
  else if (o.wd !== 0) g = f(g + f(f(o.wd) * p));
  m = f(f(m * f(o.b1)) + f(f(1 - o.b1) * g));
  v = f(f(v * f(o.b2)) + f(f(f(1 - o.b2) * g) * g));
  let second = v;
  if (o.amsgrad) second = vmax = Math.max(vmax, v);
  const stepSize = o.lr / (1 - o.b1 ** o.step);
  const denom = f(f(f(Math.sqrt(second)) / f(Math.sqrt(1 - o.b2 ** o.step))) + f(o.eps));
  p = f(p + f(f(f(-stepSize) * m) / denom));
  return [p, m, v, vmax];
}

describe('fused optimizer updates follow PyTorch 1.13 op by op', () => {
  const cases = [
    { lr: 1e-3, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, decoupled: false, maximize: false, amsgrad: false },
    { lr: 1e-2, b1: 0.8, b2: 0.99, eps: 1e-6, wd: 0.1, decoupled: false, maximize: true, amsgrad: true },
    { lr: 1e-2, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.05, decoupled: true, maximize: false, amsgrad: false },
  ];
  it.each(cases)('adam %o over 5 steps (1003 elements: SIMD body and tail)', (o) => {
    torch.manualSeed(6);
    const n = 1003;
    const p = torch.randn(n);
    const [m, v, vmax] = [torch.zeros(n), torch.zeros(n), torch.zeros(n)];
    const ref = { p: Array.from(p.dataSync() as Float32Array), m: new Array<number>(n).fill(0), v: new Array<number>(n).fill(0), vmax: new Array<number>(n).fill(0) };
    for (let step = 1; step <= 5; step++) {
      const g = torch.randn(n);
      const gs = g.dataSync() as Float32Array;
      const ok = fused.adam!({
        param: p, grad: g, expAvg: m, expAvgSq: v, maxExpAvgSq: o.amsgrad ? vmax : null, lr: o.lr, beta1: o.b1, beta2: o.b2, eps: o.eps,
        weightDecay: o.wd, decoupled: o.decoupled, maximize: o.maximize, stepSize: o.lr / (1 - o.b1 ** step), biasCorrection2Sqrt: Math.sqrt(1 - o.b2 ** step),
      });
      expect(ok).toBe(true);
      for (let i = 0; i < n; i++) [ref.p[i], ref.m[i], ref.v[i], ref.vmax[i]] = adamRef(ref.p[i]!, gs[i]!, ref.m[i]!, ref.v[i]!, ref.vmax[i]!, { ...o, step }) as [number, number, number, number];
    }
    expectClose(p, torch.tensor(ref.p), 'param');
    expectClose(m, torch.tensor(ref.m), 'exp_avg');
    expectClose(v, torch.tensor(ref.v), 'exp_avg_sq');
  });

  it('sgd with momentum, dampening, weight decay and nesterov', () => {
    torch.manualSeed(7);
    const n = 101;
    const p = torch.randn(n);
    const g = torch.randn(n);
    const buf = torch.randn(n);
    const f = Math.fround;
    const [ps, gs, bs] = [p, g, buf].map((t) => Array.from(t.dataSync() as Float32Array)) as [number[], number[], number[]];
    expect(fused.sgd!({ param: p, grad: g, momentumBuffer: buf, lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01, nesterov: true, maximize: false })).toBe(true);
    const want = ps.map((pv, i) => {
      const d = f(gs[i]! + f(f(0.01) * pv));
      const b = f(f(bs[i]! * f(0.9)) + f(f(0.9) * d));
      return f(pv + f(f(-0.1) * f(d + f(f(0.9) * b))));
    });
    expectClose(p, torch.tensor(want), 'sgd');
  });
});
