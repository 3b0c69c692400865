// The loss modules' API (options objects, buffers, printing, module.to), PyTorch's errors and
// warnings, and the API.md usage.
import { afterEach, describe, expect, it, vi } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import { buildTensor } from '@x/conformance';
import * as nn from '../src/index';
import { callFunctional, callModule, decodeOptions, loadLossFixture } from './losses-fixture';

const F = nn.functional;
const fixture = loadLossFixture();

describe("PyTorch's errors", () => {
  for (const c of fixture.errors) {
    for (const [form, call] of [['functional', callFunctional], ['module', callModule]] as const) {
      it(`${c.name} [${form}]`, () => {
        const input = buildTensor(c.input, 'cpu');
        const target = buildTensor(c.target, 'cpu');
        let message = '';
        try {
          call(c.fn, input, target, decodeOptions(c.options, 'cpu'));
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message, `PyTorch: ${c.torch}`).not.toBe('');
        for (const s of c.includes) expect(message).toContain(s);
      });
    }
  }

  it('name the op, the shapes and dtypes, and the fix', () => {
    const logits = torch.randn(4, 3);
    expect(() => F.crossEntropy(logits, torch.tensor([0, 1, 2, 1], { dtype: 'float32' }))).toThrow(
      "crossEntropy: expected scalar type Long but found Float: class-index targets must be int64 (got target [4] float32 for input [4, 3]); use target.long(), or give class probabilities of the input's shape [4, 3]",
    );
    expect(() => new nn.CrossEntropyLoss().forward(logits, torch.tensor([0, 1, 10, 1]))).toThrow(
      'crossEntropy: Target 10 is out of bounds. (input [4, 3] has 3 classes, 0 to 2; ignoreIndex is -100)',
    );
    expect(() => F.crossEntropy(torch.randn(64, 10), torch.zeros([32], { dtype: 'int64' }))).toThrow(
      'crossEntropy: Expected input batch_size (64) to match target batch_size (32).',
    );
    expect(() => F.binaryCrossEntropy(torch.tensor([0.5, 2]), torch.tensor([1, 0], { dtype: 'float32' }))).toThrow(/between 0 and 1.*sigmoid.*binaryCrossEntropyWithLogits/);
    expect(() => F.binaryCrossEntropy(torch.tensor([0.5, NaN]), torch.tensor([1, 0], { dtype: 'float32' }))).toThrow('all elements of input should be between 0 and 1');
    expect(() => F.binaryCrossEntropyWithLogits(torch.tensor([0.5]), torch.tensor([1]))).toThrow('Found dtype int64 but expected a floating point target');
    expect(() => F.binaryCrossEntropy(torch.tensor([0.5, 0.5]), torch.tensor([1, 0], { dtype: 'float32' }), { weight: torch.ones(3) })).toThrow(
      "binaryCrossEntropy: the weight of shape [3] cannot be broadcast to the input's shape [2]",
    );
    expect(() => F.mseLoss(torch.tensor([1, 2]), torch.tensor([1, 2]))).toThrow('mseLoss: not implemented for input int64 and target int64');
    expect(() => F.crossEntropy(torch.tensor([[1, 2]]), torch.tensor([0]))).toThrow('crossEntropy: expected floating point logits, got int64');
    expect(() => F.nllLoss(torch.tensor([[1, 2]]), torch.tensor([0]))).toThrow('nllLoss: expected floating point log-probabilities, got int64');
    expect(() => F.nllLoss(logits, torch.tensor([0, 1, 2, 1]), { ignoreIndex: 0.5 })).toThrow('ignoreIndex must be an integer');
  });

  it('check a reduction when the module is built', () => {
    expect(() => new nn.MSELoss({ reduction: 'avg' as never })).toThrow("MSELoss: avg is not a valid value for reduction (use 'mean', 'sum' or 'none')");
  });

  it('accept ignored targets out of range, and ignoreIndex inside it', () => {
    const logits = torch.randn(3, 4);
    const l = F.crossEntropy(logits, torch.tensor([-100, 2, 3]), { reduction: 'none' });
    expect(l.at(0).itemSync()).toBe(0);
    const ignore2 = F.nllLoss(logits, torch.tensor([2, 2, 1]), { ignoreIndex: 2, reduction: 'sum' });
    expect(ignore2.itemSync()).toBeCloseTo(-(logits.at(2, 1).itemSync() as number), 6);
  });
});

describe('size warnings', () => {
  afterEach(() => vi.restoreAllMocks());

  it("mseLoss, l1Loss, smoothL1Loss, huberLoss broadcast with PyTorch's UserWarning, once per message", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const x = torch.randn(3, 1);
    const y = torch.randn(3);
    const loss = F.mseLoss(x, y);
    expect(loss.itemSync()).toBeCloseTo(x.sub(y).pow(2).mean().itemSync() as number, 6); // broadcast to [3, 3]
    F.mseLoss(x, y);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      'UserWarning: mseLoss: Using a target size ([3]) that is different to the input size ([3, 1]). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.',
    );
    F.l1Loss(x, y);
    F.smoothL1Loss(x, y);
    new nn.HuberLoss().forward(x, y);
    F.mseLoss(torch.randn(2, 1), torch.randn(2));
    expect(warn).toHaveBeenCalledTimes(5);
    F.mseLoss(x, x);
    expect(warn).toHaveBeenCalledTimes(5);
  });
});

describe('loss modules', () => {
  it('work as API.md writes them', () => {
    torch.manualSeed(0);
    const model = new nn.Linear(4, 3);
    const criterion = new nn.CrossEntropyLoss({ weight: torch.tensor([1, 2, 0.5]), reduction: 'mean', ignoreIndex: -1, labelSmoothing: 0.1 });
    const logits = model.forward(torch.randn(5, 4));
    const loss = criterion.forward(logits, torch.tensor([0, 2, -1, 1, 1]));
    expect(loss.shape).toEqual([]);
    loss.backward();
    expect(model.weight.grad!.shape).toEqual([3, 4]);
    const mse = new nn.MSELoss();
    expect(mse.forward(torch.ones(2, 2), torch.zeros(2, 2)).itemSync()).toBe(1);
    expect(new nn.L1Loss({ reduction: 'sum' }).forward(torch.ones(2, 2), torch.zeros(2, 2)).itemSync()).toBe(4);
  });

  it("print as PyTorch's (no options shown) and keep their options as fields", () => {
    expect(new nn.CrossEntropyLoss().toString()).toBe('CrossEntropyLoss()');
    expect(new nn.CrossEntropyLoss({ weight: torch.ones(3), labelSmoothing: 0.1 }).toString()).toBe('CrossEntropyLoss()');
    expect(String(new nn.MSELoss())).toBe('MSELoss()');
    expect(new nn.Sequential(new nn.Linear(2, 2), new nn.BCEWithLogitsLoss()).toString()).toBe(
      'Sequential(\n  (0): Linear(in_features=2, out_features=2, bias=True)\n  (1): BCEWithLogitsLoss()\n)',
    );
    const ce = new nn.CrossEntropyLoss({ ignoreIndex: 3, labelSmoothing: 0.2, reduction: 'sum' });
    expect([ce.ignoreIndex, ce.labelSmoothing, ce.reduction, ce.weight]).toEqual([3, 0.2, 'sum', null]);
    expect(new nn.SmoothL1Loss({ beta: 0.5 }).beta).toBe(0.5);
    expect(new nn.HuberLoss({ delta: 2 }).delta).toBe(2);
    expect(new nn.NLLLoss().ignoreIndex).toBe(-100);
    expect(new nn.MSELoss()).toBeInstanceOf(nn.Loss);
  });

  it("hold weights as buffers with PyTorch's stateDict keys, moved by module.to()", () => {
    expect(Object.keys(new nn.CrossEntropyLoss().stateDict())).toEqual([]);
    expect(Object.keys(new nn.CrossEntropyLoss({ weight: torch.ones(3) }).stateDict())).toEqual(['weight']);
    const bce = new nn.BCEWithLogitsLoss({ weight: torch.ones(2), posWeight: torch.tensor([3, 1], { dtype: 'float32' }) });
    expect(Object.keys(bce.stateDict())).toEqual(['weight', 'pos_weight']);
    expect(bce.parameters()).toEqual([]);
    bce.to('float64');
    expect(bce.posWeight!.dtype).toBe('float64');
    expect(bce.weight!.dtype).toBe('float64');
    const loss = bce.forward(torch.zeros([2], { dtype: 'float64' }), torch.ones([2], { dtype: 'float64' }));
    expect(loss.dtype).toBe('float64');
    expect(loss.itemSync()).toBeCloseTo(2 * Math.log(2), 12); // (3·log 2 + log 2) / 2
  });

  it('cast a weight to the input dtype', () => {
    const x = torch.randn([4, 3], { dtype: 'float64' });
    const t = torch.tensor([0, 1, 2, 0]);
    const a = F.crossEntropy(x, t, { weight: torch.tensor([1, 2, 3], { dtype: 'float32' }) });
    const b = F.crossEntropy(x, t, { weight: torch.tensor([1, 2, 3], { dtype: 'float64' }) });
    expect(a.dtype).toBe('float64');
    expect(a.itemSync()).toBe(b.itemSync());
  });

  it('give PyTorch-equal results for [N, C] and their K-dim and unbatched forms', () => {
    const x = torch.randn(6, 5);
    const t = torch.tensor([0, 4, 2, 1, 3, 3]);
    const flat = F.crossEntropy(x, t, { reduction: 'none' });
    // [N, C] → [2, C, 3] (positions along the last dim)
    const xk = x.reshape(2, 3, 5).permute(0, 2, 1);
    const kdim = F.crossEntropy(xk, t.reshape(2, 3), { reduction: 'none' });
    expect(kdim.reshape(-1).allclose(flat, { rtol: 1e-6 })).toBe(true);
    const one = F.crossEntropy(x.at(1), t.at(1), { reduction: 'none' });
    expect(one.shape).toEqual([]);
    expect(one.allclose(flat.at(1))).toBe(true);
  });

  it('BCE gives finite gradients at 0 and 1 (clamped log), and BCEWithLogits at extreme logits', () => {
    const p = torch.tensor([0, 1, 0.5], { dtype: 'float32', requiresGrad: true });
    const loss = F.binaryCrossEntropy(p, torch.tensor([1, 0, 1], { dtype: 'float32' }), { reduction: 'sum' });
    expect(loss.itemSync()).toBeCloseTo(200 + Math.log(2), 4);
    loss.backward();
    expect((p.grad!.tolistSync() as number[]).every(Number.isFinite)).toBe(true);
    const z = torch.tensor([-1e4, 1e4, 0], { dtype: 'float32', requiresGrad: true });
    const l2 = F.binaryCrossEntropyWithLogits(z, torch.tensor([1, 0, 1], { dtype: 'float32' }), { reduction: 'none' });
    expect(l2.tolistSync()).toEqual([1e4, 1e4, Math.fround(Math.log(2))]);
    l2.sum().backward();
    expect(z.grad!.tolistSync()).toEqual([-1, 1, -0.5]);
  });
});
