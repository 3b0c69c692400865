// Layer behaviour beyond the goldens: dropout statistics, default initialisation, PyTorch's errors,
// buffers and modes, in-place variants, the API.md usages.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as nn from '../src/index';

const F = nn.functional;
const num = (t: torch.Tensor) => Number(t.itemSync());

describe('Dropout', () => {
  it('zeroes about p of the elements in training and scales the rest by 1/(1-p)', () => {
    torch.manualSeed(0);
    const d = new nn.Dropout(0.3);
    const y = d.forward(torch.ones(200, 500));
    const kept = num(y.ne(0).float().mean());
    expect(Math.abs(kept - 0.7)).toBeLessThan(0.005); // 100k draws: std ≈ 0.0014
    const values = new Set(Array.from(y.dataSync() as Float32Array));
    expect([...values].sort()).toEqual([0, Math.fround(1 / 0.7)]);
    expect(Math.abs(num(y.mean()) - 1)).toBeLessThan(0.01);
  });

  it('is the identity (the same tensor) in eval mode, for p = 0, and zeros for p = 1', () => {
    const x = torch.randn(4, 5);
    expect(new nn.Dropout(0.5).eval().forward(x)).toBe(x);
    expect(F.dropout(x, 0.5, false)).toBe(x);
    expect(F.dropout(x, 0)).toBe(x);
    const leaf = torch.randn(3, 4, { requiresGrad: true });
    const z = F.dropout(leaf, 1);
    expect(z.abs().sum().itemSync()).toBe(0);
    z.sum().backward();
    expect(leaf.grad!.abs().sum().itemSync()).toBe(0);
  });

  it('is reproducible with manualSeed, and its gradient is the mask', () => {
    torch.manualSeed(42);
    const a = F.dropout(torch.ones(50), 0.5);
    torch.manualSeed(42);
    const x = torch.ones(50, { requiresGrad: true });
    const b = F.dropout(x, { p: 0.5, training: true });
    expect(b.equal(a)).toBe(true);
    b.sum().backward();
    expect(x.grad!.equal(a)).toBe(true);
  });

  it("refuses p outside [0, 1] with PyTorch's message", () => {
    expect(() => new nn.Dropout(1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
    expect(() => F.dropout(torch.ones(2), -0.1)).toThrow('dropout probability has to be between 0 and 1, but got -0.1');
  });

  it('inplace overwrites its input', () => {
    const x = torch.ones(1000);
    const y = new nn.Dropout(0.5, true).forward(x);
    expect(y).toBe(x);
    expect(num(x.eq(0).sum())).toBeGreaterThan(400);
    expect(new nn.Dropout({ p: 0.2, inplace: true }).toString()).toBe('Dropout(p=0.2, inplace=True)');
  });
});

describe('default initialisation', () => {
  it('Embedding draws N(0, 1) and zeroes the padding row', () => {
    torch.manualSeed(0);
    const e = new nn.Embedding(1000, 64, { paddingIdx: 3 });
    const w = e.weight.detach();
    const rest = torch.cat([w.at(':3'), w.at('4:')]);
    expect(Math.abs(num(rest.mean()))).toBeLessThan(0.01);
    expect(Math.abs(num(rest.std()) - 1)).toBeLessThan(0.01);
    expect(num(w.at(3).abs().sum())).toBe(0);
  });

  it('norm layers start at ones and zeros with fresh running stats', () => {
    const bn = new nn.BatchNorm2d(4);
    expect(bn.weight!.tolistSync()).toEqual([1, 1, 1, 1]);
    expect(bn.bias!.tolistSync()).toEqual([0, 0, 0, 0]);
    expect(bn.running_mean!.tolistSync()).toEqual([0, 0, 0, 0]);
    expect(bn.running_var!.tolistSync()).toEqual([1, 1, 1, 1]);
    expect(bn.num_batches_tracked!.dtype).toBe('int64');
    expect(bn.num_batches_tracked!.shape).toEqual([]);
    const ln = new nn.LayerNorm([2, 3]);
    expect(ln.weight!.shape).toEqual([2, 3]);
    expect(num(ln.weight!.sum())).toBe(6);
    expect(num(ln.bias!.abs().sum())).toBe(0);
  });
});

describe('nn.init distributions', () => {
  // a [256, 512] weight: fan_in 512, fan_out 256; 131072 draws, so the sample std is within ~0.3%
  const weight = () => torch.empty(256, 512);
  const stats = (t: torch.Tensor) => ({ mean: num(t.mean()), std: num(t.std()), absMax: num(t.abs().max()) });

  it('uniform initialisers stay within their bound and have std bound/√3', () => {
    torch.manualSeed(1);
    const cases: [torch.Tensor, number][] = [
      [nn.init.kaimingUniform_(weight(), { a: Math.sqrt(5) }), 1 / Math.sqrt(512)],
      [nn.init.kaimingUniform_(weight(), { nonlinearity: 'relu' }), Math.sqrt(2) * Math.sqrt(3 / 512)],
      [nn.init.kaimingUniform_(weight(), { mode: 'fan_out', nonlinearity: 'relu' }), Math.sqrt(2) * Math.sqrt(3 / 256)],
      [nn.init.xavierUniform_(weight()), Math.sqrt(6 / 768)],
      [nn.init.uniform_(weight(), -0.3, 0.3), 0.3],
    ];
    for (const [t, bound] of cases) {
      const s = stats(t);
      expect(s.absMax).toBeLessThanOrEqual(bound);
      expect(s.absMax).toBeGreaterThan(bound * 0.999);
      expect(Math.abs(s.mean)).toBeLessThan(bound * 0.01);
      expect(Math.abs(s.std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.01);
    }
  });

  it('normal initialisers have the std of their formula', () => {
    torch.manualSeed(2);
    const cases: [torch.Tensor, number][] = [
      [nn.init.kaimingNormal_(weight(), { nonlinearity: 'relu' }), Math.sqrt(2 / 512)],
      [nn.init.xavierNormal_(weight(), 2), 2 * Math.sqrt(2 / 768)],
      [nn.init.normal_(weight(), 0, 0.02), 0.02],
    ];
    for (const [t, std] of cases) {
      const s = stats(t);
      expect(Math.abs(s.mean)).toBeLessThan(std * 0.01);
      expect(Math.abs(s.std / std - 1)).toBeLessThan(0.01);
    }
  });
});

describe('BatchNorm', () => {
  it('has PyTorch\'s state dict keys and buffers', () => {
    const bn = new nn.BatchNorm1d(3);
    expect(Object.keys(bn.stateDict())).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(bn.namedParameters().map(([n]) => n)).toEqual(['weight', 'bias']);
    expect(bn.namedBuffers().map(([n]) => n)).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
    const seq = new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3));
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked']);
    const plain = new nn.BatchNorm2d(3, { affine: false, trackRunningStats: false });
    expect(Object.keys(plain.stateDict())).toEqual([]);
    expect(plain.running_mean).toBeNull();
    expect(plain.toString()).toBe('BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)');
  });

  it('counts batches only in training, and eval mode leaves the buffers alone', () => {
    const bn = new nn.BatchNorm1d(2);
    bn.forward(torch.randn(4, 2));
    bn.forward(torch.randn(4, 2));
    expect(bn.num_batches_tracked!.itemSync()).toBe(2);
    const before = bn.running_mean!.clone();
    bn.eval();
    const x = torch.randn(4, 2);
    const y = bn.forward(x);
    expect(bn.num_batches_tracked!.itemSync()).toBe(2);
    expect(bn.running_mean!.equal(before)).toBe(true);
    const expected = x.sub(bn.running_mean!).div(bn.running_var!.add(1e-5).sqrt()).mul(bn.weight!).add(bn.bias!);
    expect(y.allclose(expected, { atol: 1e-6 })).toBe(true);
  });

  it("refuses a single value per channel in training, as PyTorch does, but not in eval", () => {
    expect(() => new nn.BatchNorm1d(3).forward(torch.randn(1, 3))).toThrow('Expected more than 1 value per channel when training, got input size torch.Size([1, 3])');
    expect(() => new nn.BatchNorm2d(3).forward(torch.randn(1, 3, 1, 1))).toThrow('Expected more than 1 value per channel when training, got input size torch.Size([1, 3, 1, 1])');
    expect(new nn.BatchNorm1d(3).eval().forward(torch.randn(1, 3)).shape).toEqual([1, 3]);
  });

  it('checks the input rank and channels', () => {
    expect(() => new nn.BatchNorm2d(3).forward(torch.randn(2, 3, 4))).toThrow('expected 4D input (got 3D input');
    expect(() => new nn.BatchNorm1d(3).forward(torch.randn(2, 3, 4, 5))).toThrow('expected 2D or 3D input (got 4D input');
    expect(() => new nn.BatchNorm1d(3).forward(torch.randn(2, 4))).toThrow('running_mean should contain 4 elements not 3');
  });

  it('gives the running stats gradients to nothing and survives to()', () => {
    const bn = new nn.BatchNorm1d(2).to('float64');
    expect(bn.weight!.dtype).toBe('float64');
    expect(bn.running_mean!.dtype).toBe('float64');
    expect(bn.num_batches_tracked!.dtype).toBe('int64');
    const y = bn.forward(torch.randn(5, 2, { dtype: 'float64' }));
    y.sum().backward();
    expect(bn.running_mean!.requiresGrad).toBe(false);
    expect(bn.weight!.grad!.dtype).toBe('float64');
  });
});

describe('LayerNorm', () => {
  it("checks the normalized shape with PyTorch's message", () => {
    expect(() => new nn.LayerNorm(5).forward(torch.randn(2, 4))).toThrow('Given normalized_shape=[5], expected input with shape [*, 5], but got input of size[2, 4]');
    expect(() => F.layerNorm(torch.randn(2, 4), [3, 4])).toThrow('Given normalized_shape=[3, 4]');
  });

  it('has no parameters without elementwiseAffine, and no bias with bias: false', () => {
    expect(new nn.LayerNorm(4, { elementwiseAffine: false }).parameters()).toEqual([]);
    const ln = new nn.LayerNorm(4, { bias: false });
    expect(ln.namedParameters().map(([n]) => n)).toEqual(['weight']);
    expect(ln.bias).toBeNull();
  });
});

describe('Embedding', () => {
  it('looks rows up and accumulates gradients for repeated indices', () => {
    const e = nn.Embedding.fromPretrained(torch.tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float32' }), { freeze: false });
    const y = e.forward(torch.tensor([[2, 0], [2, 2]]));
    expect(y.tolistSync()).toEqual([[[5, 6], [1, 2]], [[5, 6], [5, 6]]]);
    y.sum().backward();
    expect(e.weight.grad!.tolistSync()).toEqual([[1, 1], [0, 0], [3, 3]]);
    expect(nn.Embedding.fromPretrained(torch.ones(2, 2)).weight.requiresGrad).toBe(false);
  });

  it('gives the padding row no gradient', () => {
    const e = new nn.Embedding(4, 2, { paddingIdx: 1 });
    e.forward(torch.tensor([1, 1, 2])).sum().backward();
    expect(e.weight.grad!.tolistSync()).toEqual([[0, 0], [0, 0], [1, 1], [0, 0]]);
    expect(e.toString()).toBe('Embedding(4, 2, padding_idx=1)');
  });

  it("refuses float indices, out-of-range indices and padding indices like PyTorch", () => {
    const e = new nn.Embedding(5, 2);
    expect(() => e.forward(torch.tensor([1.5]))).toThrow("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int");
    expect(() => e.forward(torch.tensor([5]))).toThrow('index out of range in self');
    expect(() => new nn.Embedding(5, 2, { paddingIdx: 5 })).toThrow('Padding_idx must be within num_embeddings');
    expect(() => new nn.Embedding(5, 2, { paddingIdx: -6 })).toThrow('Padding_idx must be within num_embeddings');
    expect(new nn.Embedding(5, 2, { paddingIdx: -1 }).paddingIdx).toBe(4);
  });

  it('accepts int32 indices and 0-d input', () => {
    const e = new nn.Embedding(3, 2);
    expect(e.forward(torch.tensor([0, 2], { dtype: 'int32' })).shape).toEqual([2, 2]);
    expect(e.forward(torch.tensor(1)).shape).toEqual([2]);
  });
});

describe('F.oneHot', () => {
  it('gives int64 one-hot rows, inferring the classes from the max', () => {
    const y = F.oneHot(torch.tensor([2, 0]));
    expect(y.dtype).toBe('int64');
    expect(y.tolistSync()).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(F.oneHot(torch.tensor([1]), 4).tolistSync()).toEqual([[0, 1, 0, 0]]);
    expect(F.oneHot(torch.zeros([0], { dtype: 'int64' }), 3).shape).toEqual([0, 3]);
  });

  it("throws PyTorch's errors", () => {
    expect(() => F.oneHot(torch.tensor([1], { dtype: 'float32' }))).toThrow('one_hot is only applicable to index tensor');
    expect(() => F.oneHot(torch.tensor([-1]))).toThrow('Class values must be non-negative');
    expect(() => F.oneHot(torch.tensor([3]), 2)).toThrow('Class values must be smaller than num_classes');
    expect(() => F.oneHot(torch.zeros([0], { dtype: 'int64' }))).toThrow('Can not infer total number of classes from empty tensor');
  });

  it('has an async form for any device', async () => {
    expect((await F.oneHotAsync(torch.tensor([1, 3]))).shape).toEqual([2, 4]);
    await expect(F.oneHotAsync(torch.tensor([3]), 2)).rejects.toThrow('Class values must be smaller than num_classes');
  });
});

describe('activations', () => {
  it('construct as in API.md and print as PyTorch', () => {
    expect(new nn.LeakyReLU(0.01).toString()).toBe('LeakyReLU(negative_slope=0.01)');
    expect(new nn.LeakyReLU({ negativeSlope: 0.2, inplace: true }).toString()).toBe('LeakyReLU(negative_slope=0.2, inplace=True)');
    expect(new nn.Softmax(1).toString()).toBe('Softmax(dim=1)');
    expect(new nn.Softmax().toString()).toBe('Softmax(dim=None)');
    expect(new nn.LogSoftmax({ dim: -1 }).dim).toBe(-1);
    expect(new nn.ReLU({ inplace: true }).toString()).toBe('ReLU(inplace=True)');
    expect(new nn.ELU(0.5).toString()).toBe('ELU(alpha=0.5)');
    expect(new nn.GELU('tanh').toString()).toBe("GELU(approximate='tanh')");
    expect(() => new nn.GELU('foo' as 'tanh')).toThrow('approximate argument must be either none or tanh');
    expect(new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU(), new nn.Dropout(0.5)).toString()).toBe(
      'Sequential(\n  (0): Linear(in_features=2, out_features=2, bias=True)\n  (1): ReLU()\n  (2): Dropout(p=0.5, inplace=False)\n)',
    );
  });

  it('softmax is stable for large inputs and uses the implicit dim without one', () => {
    const x = torch.tensor([[1000, 0], [-1000, 1000]], { dtype: 'float32' });
    expect(F.softmax(x, 1).tolistSync()).toEqual([[1, 0], [0, 1]]);
    expect(F.logSoftmax(x, 1).tolistSync()).toEqual([[0, -1000], [-2000, 0]]);
    const y = torch.randn(2, 3);
    expect(new nn.Softmax().forward(y).equal(F.softmax(y, 1))).toBe(true);
    expect(F.softmax(torch.tensor(2, { dtype: 'float32' }), 0).itemSync()).toBe(1);
    expect(() => F.softmax(torch.tensor([1, 2]), 0)).toThrow('softmax: not implemented for dtype int64');
  });

  it('in-place variants overwrite and return their input', () => {
    const x = torch.tensor([-1, 2], { dtype: 'float32' });
    expect(new nn.ReLU(true).forward(x)).toBe(x);
    expect(x.tolistSync()).toEqual([0, 2]);
    const z = torch.tensor([-1, 2], { dtype: 'float32' });
    expect(F.leakyRelu(z, 0.5, true)).toBe(z);
    expect(z.tolistSync()).toEqual([-0.5, 2]);
  });

  it('ELU and SiLU gradients stay finite for large inputs', () => {
    const x = torch.tensor([-200, 0, 200], { dtype: 'float32', requiresGrad: true });
    F.elu(x).add(F.silu(x)).sum().backward();
    expect(x.grad!.tolistSync()).toEqual([0, 1.5, 2]);
  });
});
