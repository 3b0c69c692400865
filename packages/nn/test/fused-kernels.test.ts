// Fused kernels (Backend.fused) against the composed ops they replace, which are the reference: the
// same training run on two test devices over the CPU's kernels, one with the CPU's fused kernels (run
// in queue order) and one without, must give the same values and gradients to float32 rounding. The
// CPU's kernels take float32 only: float64 falls back to the composition (and gives its bits).
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '@x/backend-cpu';
import { grad } from '@x/autograd';
import * as torch from '@x/tensor';
import { deferredBackend } from '@x/conformance';
import * as nn from '../src/index';
import * as optim from '@x/optim';

// The test devices this file registers, named for the types as a third-party backend names its own.
declare module '@x/tensor' {
  interface DeviceNames {
    'with-fused': true;
    'without-fused': true;
  }
}

const fusedDevice = deferredBackend('with-fused', cpuBackend, { fused: cpuBackend.fused!, poisonUninit: true });
const plainDevice = deferredBackend('without-fused', cpuBackend, { poisonUninit: true });
torch.registerBackend(fusedDevice);
torch.registerBackend(plainDevice);

type Optim = (params: torch.Tensor[]) => optim.Optimizer;

/** A small MLP step by step on `device`: every loss, the final parameters and their gradients. */
async function train(device: torch.Device, dtype: 'float32' | 'float64', makeOptim: Optim, steps = 5): Promise<number[][]> {
  torch.manualSeed(3);
  const model = new nn.Sequential(new nn.Linear(6, 5), new nn.ReLU(), new nn.Linear(5, 4), new nn.LogSoftmax(1)).to(dtype).to(device);
  const opt = makeOptim(model.parameters());
  const x = torch.randn([8, 6], { dtype }).to(device);
  const y = torch.tensor([0, 1, 2, 3, 0, 1, 2, 3]).to(device);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = torch.tidy(() => {
      const l = nn.functional.nllLoss(model.forward(x) as torch.Tensor, y).add(nn.functional.softmax(x, 1).sum().mul(1e-3));
      opt.zeroGrad();
      l.backward();
      opt.step();
      return l;
    });
    losses.push(Number(await loss.item()));
  }
  const params = await Promise.all(model.parameters().map(async (p) => [...(await p.dataAsync())]));
  const grads = await Promise.all(model.parameters().map(async (p) => [...(await p.grad!.dataAsync())]));
  return [losses, ...params, ...grads];
}

const optimizers: Record<string, Optim> = {
  'Adam': (p) => new optim.Adam(p, { lr: 0.01 }),
  'Adam amsgrad, weight decay, maximize': (p) => new optim.Adam(p, { lr: 0.01, amsgrad: true, weightDecay: 0.1, maximize: true }),
  'AdamW': (p) => new optim.AdamW(p, { lr: 0.01, weightDecay: 0.05, betas: [0.8, 0.95] }),
  'SGD': (p) => new optim.SGD(p, { lr: 0.1 }),
  'SGD momentum, dampening, weight decay': (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.2, weightDecay: 0.01 }),
  'SGD Nesterov, maximize': (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true }),
};

/** Optimizer steps on `device` from the same parameters and gradients: the parameters after each step. */
async function steps(device: torch.Device, dtype: 'float32' | 'float64', makeOptim: Optim): Promise<number[][]> {
  torch.manualSeed(5);
  const params = [torch.randn([7, 3], { dtype }), torch.randn([5], { dtype })].map((p) => new nn.Parameter(p.to(device)));
  const opt = makeOptim(params);
  const out: number[][] = [];
  for (let i = 0; i < 6; i++) {
    torch.tidy(() => {
      params.forEach((p) => (p.grad = torch.keep(torch.randn(p.shape, { dtype }).to(device))));
      opt.step();
    });
    for (const p of params) out.push([...(await p.dataAsync())]);
  }
  return out;
}

/** Largest |a - b| relative to max(1, |b|) over nested number arrays. */
function worst(a: number[][], b: number[][]): number {
  let w = 0;
  a.forEach((row, i) => row.forEach((v, j) => (w = Math.max(w, Math.abs(v - b[i]![j]!) / Math.max(1, Math.abs(b[i]![j]!))))));
  return w;
}

describe('fused kernels against the composed ops they replace', () => {
  for (const [name, make] of Object.entries(optimizers)) {
    // plain SGD is one kernel already (param.add_(grad, alpha=-lr)); with momentum, steps 2.. are fused
    const expected = name.startsWith('Adam') ? 12 : name.startsWith('SGD m') || name.startsWith('SGD N') ? 10 : 0;
    it(`${name}, float32: the fused update gives the op-by-op update to rounding`, async () => {
      fusedDevice.resetCounts();
      const fused = await steps('with-fused', 'float32', make);
      expect(fusedDevice.counts().fused).toBe(expected);
      expect(worst(fused, await steps('without-fused', 'float32', make))).toBeLessThan(2e-6);
    });
    it(`${name}, float64: no fused kernel takes it, the composition gives its bits`, async () => {
      fusedDevice.resetCounts();
      const fused = await steps('with-fused', 'float64', make);
      expect(fusedDevice.counts().fused).toBe(0);
      expect(fused).toEqual(await steps('without-fused', 'float64', make));
    });
  }

  it('linear, softmax, log-softmax and their gradients in training, float32: the composed values to rounding', async () => {
    fusedDevice.resetCounts();
    const fused = await train('with-fused', 'float32', optimizers.SGD!);
    // per step: two linears, the model's log-softmax, the input's softmax and the NLL forward; the NLL's, the log-softmax's, the ReLU's
    // and the second linear's input gradient (grad @ weight on the linear kernel) in backward
    expect(fusedDevice.counts().fused).toBe(5 * 9);
    const plain = await train('without-fused', 'float32', optimizers.SGD!);
    expect(worst(fused, plain)).toBeLessThan(2e-6);
  });

  it('nll_loss and cross-entropy (weights, ignored targets, every reduction, float32 and float64): the composed values and gradients to rounding, one node', async () => {
    const run = async (device: torch.Device, dtype: 'float32' | 'float64', options: Record<string, unknown>, f: 'nllLoss' | 'crossEntropy') => {
      torch.manualSeed(11);
      const x = torch.randn([37, 6], { dtype }).mul(3).to(device).requiresGrad_();
      const t = torch.tensor([...Array(37).keys()].map((i) => (i % 5 === 3 ? -100 : (i * 7) % 6))).to(device);
      const weight = options.weight ? torch.rand([6], { dtype }).add(0.5).to(device) : null;
      const input = f === 'nllLoss' ? nn.functional.logSoftmax(x, 1) : x;
      const loss = nn.functional[f](input, t, { ...options, weight });
      const name = loss.gradFn?.name;
      loss.backward(options.reduction === 'none' ? torch.linspace(-2, 2, 37, { dtype }).to(device) : undefined);
      return { name, values: [[...(await loss.dataAsync())], [...(await x.grad!.dataAsync())]] };
    };
    for (const dtype of ['float32', 'float64'] as const) {
      for (const reduction of ['mean', 'sum', 'none']) {
        for (const weight of [false, true]) {
          for (const f of ['nllLoss', 'crossEntropy'] as const) {
            const options = { reduction, weight };
            fusedDevice.resetCounts();
            const fused = await run('with-fused', dtype, options, f);
            // the NLL forward and backward, and the log-softmax's (float32 only on the CPU)
            expect(fusedDevice.counts().fused, `${f} ${dtype} ${reduction} weight ${weight}`).toBe(dtype === 'float32' ? 4 : 2);
            const plain = await run('without-fused', dtype, options, f);
            expect(fused.name).toBe('NllLossBackward0');
            expect(worst(fused.values, plain.values), `${f} ${dtype} ${reduction} weight ${weight}`).toBeLessThan(dtype === 'float32' ? 2e-6 : 1e-14);
          }
        }
      }
    }
  });

  it('nll_loss declines what its kernel does not take: a target out of range raises PyTorch\'s error, a weight that requires grad gets its gradient, a double backward differentiates the composition', async () => {
    const x = torch.randn([4, 3], { device: 'with-fused', requiresGrad: true });
    await expect(nn.functional.crossEntropy(x, torch.tensor([0, 1, 3, 2], { device: 'with-fused' })).item()).rejects.toThrow('crossEntropy: Target 3 is out of bounds.');
    const w = torch.tensor([1, 2, 3], { dtype: 'float32', device: 'with-fused', requiresGrad: true });
    nn.functional.crossEntropy(x, torch.tensor([0, 1, 2, 2], { device: 'with-fused' }), { weight: w }).backward();
    expect(w.grad).not.toBeNull();
    // a double backward through createGraph differentiates the rule's composition: d/dv of sum(lp·d(loss·v)/dlp) = -w[t]·lp[n, t]
    for (const device of ['with-fused', 'without-fused'] as const) {
      torch.manualSeed(2);
      const lp = torch.randn([5, 4]).to(device).requiresGrad_();
      const v = torch.randn([5]).to(device).requiresGrad_();
      const loss = nn.functional.nllLoss(lp, torch.tensor([0, 3, 1, -100, 2]).to(device), { weight: torch.tensor([0.5, 1, 2, 4], { dtype: 'float32' }).to(device), reduction: 'none' });
      const [g] = grad([loss], [lp], { gradOutputs: [v], createGraph: true });
      const [gv] = grad([g!.mul(lp).sum()], [v]);
      const second = [...(await gv!.dataAsync())].map((e) => e + 0); // -0 where ignored: +0
      const l = (await lp.dataAsync()) as Float32Array;
      expect(second, device).toEqual([-0.5 * l[0]!, -4 * l[7]!, -1 * l[9]!, 0, -2 * l[18]!].map(Math.fround));
    }
  });

  it("a linear's weight and bias gradients go straight into existing .grad (addmm): the composed values, the writes counted; not for grad(), createGraph, hooks or a leaf reached twice", async () => {
    const table = fusedDevice.fused as unknown as Record<string, (...args: unknown[]) => boolean>;
    const addmm = table.addmm!;
    let calls = 0;
    table.addmm = (...args) => (addmm(...args) ? (calls++, true) : false);
    const run = async (device: torch.Device, mode: 'backward' | 'hook' | 'twice' | 'grad' | 'createGraph') => {
      torch.manualSeed(8);
      const layer = new nn.Linear(70, 9).to(device);
      const x = torch.randn([33, 70]).to(device);
      const [w, b] = [layer.weight, layer.bias!];
      w.grad = torch.randn([9, 70]).to(device); // existing gradients, accumulated into
      b.grad = torch.randn([9]).to(device);
      if (mode === 'hook') w.registerHook((g) => g.mul(2));
      const y = mode === 'twice' ? nn.functional.linear(x, w).add(nn.functional.linear(x.at(':', ':9').matmul(w), w).sum()) : layer.forward(x);
      const loss = y.mul(y).sum();
      calls = 0;
      const versions = [w.grad.storage.version, b.grad.storage.version];
      let values: number[][];
      if (mode === 'grad') values = await Promise.all(grad([loss], [w, b]).map(async (g) => [...(await g!.dataAsync())]));
      else {
        if (mode === 'createGraph') grad([loss], [w, b], { createGraph: true });
        else loss.backward();
        values = [[...(await w.grad.dataAsync())], [...(await b.grad.dataAsync())]];
      }
      return { values, calls, bumped: [w.grad.storage.version - versions[0]!, b.grad.storage.version - versions[1]!] };
    };
    try {
      for (const mode of ['backward', 'hook', 'twice', 'grad', 'createGraph'] as const) {
        const fused = await run('with-fused', mode);
        const plain = await run('without-fused', mode);
        expect(worst(fused.values, plain.values), mode).toBeLessThan(2e-6);
        // the weight's and the bias's only where the engine allows it (twice: the weight gets two gradients, the bias none)
        expect(fused.calls, mode).toBe({ backward: 2, hook: 1, twice: 0, grad: 0, createGraph: 0 }[mode]);
        expect(fused.bumped, mode).toEqual({ backward: [1, 1], hook: [1, 1], twice: [1, 0], grad: [0, 0], createGraph: [0, 0] }[mode]);
      }
    } finally {
      table.addmm = addmm;
    }
  });

  it('a fused softmax keeps PyTorch\'s node names and falls back where the kernel declines', async () => {
    const x = torch.randn([3, 4], { device: 'with-fused', requiresGrad: true });
    expect(nn.functional.softmax(x, 1).gradFn?.name).toBe('SoftmaxBackward0');
    expect(nn.functional.logSoftmax(x, 0).gradFn?.name).toBe('LogSoftmaxBackward0');
    expect(nn.functional.linear(x, torch.randn([2, 4], { device: 'with-fused' })).gradFn?.name).toBe('MmBackward0');
    // a non-contiguous input: the CPU's plan declines, the composite runs (same values)
    const t = torch.randn([4, 3]);
    const viaFused = await nn.functional.softmax(t.to('with-fused').t(), 1).tolist();
    const composed = await nn.functional.softmax(t.to('without-fused').t(), 1).tolist();
    expect(viaFused).toEqual(composed);
  });
});

