// Every example of the "Tensors" table of shared/API.md, as written there.
import { describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';

describe('API.md Tensors table', () => {
  it('torch.tensor infers int64 from ints and float32 from floats', () => {
    const a = torch.tensor([1, 2, 3]);
    expect(a.dtype).toBe('int64');
    expect(a.tolistSync()).toEqual([1, 2, 3]);
    expect(torch.tensor([1.5, 2]).dtype).toBe('float32');
  });

  it('dtype option', () => {
    const t = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32' });
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([2, 2]);
  });

  it('requiresGrad option on a float literal', () => {
    const t = torch.tensor(2.0, { requiresGrad: true });
    expect(t.requiresGrad).toBe(true);
    expect(t.dtype).toBe('float32');
  });

  it("device: 'webgpu' without its package gives the documented error", () => {
    expect(() => torch.tensor([1], { device: 'webgpu' })).toThrow("device 'webgpu' is not registered: import '@x/backend-webgpu'");
  });

  it('zeros, ones, sizes as varargs or one array', () => {
    expect(torch.zeros(3, 4).shape).toEqual([3, 4]);
    expect(torch.ones(2, 2).tolistSync()).toEqual([[1, 1], [1, 1]]);
    expect(torch.zeros([3, 4], { dtype: 'int32' }).dtype).toBe('int32');
    expect(torch.zeros(2, 3, { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('randn and rand are reproducible with manualSeed', () => {
    torch.manualSeed(0);
    const a = torch.randn(3, 3).tolistSync();
    const b = torch.rand(3, 3).tolistSync();
    torch.manualSeed(0);
    expect(torch.randn(3, 3).tolistSync()).toEqual(a);
    expect(torch.rand(3, 3).tolistSync()).toEqual(b);
  });

  it('shape, ndim, numel, dtype, device', () => {
    const x = torch.zeros(2, 3);
    expect(x.shape).toEqual([2, 3]);
    expect(Object.isFrozen(x.shape)).toBe(true);
    expect(x.ndim).toBe(2);
    expect(x.numel()).toBe(6);
    expect(x.dtype).toBe('float32');
    expect(x.device).toBe('cpu');
  });

  it('add, sub, mul, div with tensors and numbers, broadcasting', () => {
    const a = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32' });
    const b = torch.tensor([10, 20], { dtype: 'float32' });
    expect(a.add(b).tolistSync()).toEqual([[11, 22], [13, 24]]);
    expect(a.sub(1).tolistSync()).toEqual([[0, 1], [2, 3]]);
    expect(a.mul(b).tolistSync()).toEqual([[10, 40], [30, 80]]);
    expect(a.div(2).tolistSync()).toEqual([[0.5, 1], [1.5, 2]]);
  });

  it('matmul: 1-D, 2-D and batched', () => {
    const a = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32' });
    expect(a.matmul(a).tolistSync()).toEqual([[7, 10], [15, 22]]);
    expect(torch.matmul(a, torch.tensor([1, 1], { dtype: 'float32' })).tolistSync()).toEqual([3, 7]);
    expect(torch.ones(5, 2, 3).matmul(torch.ones(3, 4)).shape).toEqual([5, 2, 4]);
    expect(() => torch.zeros(64, 784).matmul(torch.zeros(128, 10))).toThrow('matmul: shapes [64, 784] and [128, 10] cannot be multiplied (784 != 128)');
  });

  it('pow', () => {
    expect(torch.tensor([1, 2, 3], { dtype: 'float32' }).pow(2).tolistSync()).toEqual([1, 4, 9]);
  });

  it('mean, sum with dim and keepdim', () => {
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32' });
    expect(torch.mean(x).itemSync()).toBe(2.5);
    expect(x.sum().itemSync()).toBe(10);
    expect(x.sum(1).tolistSync()).toEqual([3, 7]);
    expect(x.sum(1, true).shape).toEqual([2, 1]);
  });

  it('max and min: 0-d, and [values, indices] with a dim', () => {
    const x = torch.tensor([[1, 5], [7, 2]], { dtype: 'float32' });
    const m = torch.max(x);
    expect(m.ndim).toBe(0);
    expect(m.itemSync()).toBe(7);
    expect(torch.min(x).itemSync()).toBe(1);
    const [values, idx] = torch.max(x, 1);
    expect(values.tolistSync()).toEqual([5, 7]);
    expect(idx.tolistSync()).toEqual([1, 0]);
    const r = torch.max(x, 1);
    expect(r.values.tolistSync()).toEqual([5, 7]);
    expect(r.indices.dtype).toBe('int64');
  });

  it('argmax(dim)', () => {
    expect(torch.tensor([[1, 5], [7, 2]]).argmax(1).tolistSync()).toEqual([1, 0]);
  });

  it('view and reshape; view throws on non-viewable input', () => {
    const x = torch.arange(6).reshape(2, 3);
    expect(x.view(3, 2).shape).toEqual([3, 2]);
    expect(x.reshape([3, 2]).shape).toEqual([3, 2]);
    expect(x.view(3, 2).storage).toBe(x.storage);
    expect(() => x.T.view(6)).toThrow(/view size is not compatible with input tensor's size and stride.*Use \.reshape\(\.\.\.\) instead/);
    expect(x.T.reshape(6).tolistSync()).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('T, transpose, permute are views', () => {
    const x = torch.arange(6).reshape(2, 3);
    for (const v of [x.T, x.transpose(0, 1), x.permute(1, 0)]) {
      expect(v.shape).toEqual([3, 2]);
      expect(v.storage).toBe(x.storage);
      expect(v.tolistSync()).toEqual([[0, 3], [1, 4], [2, 5]]);
    }
  });

  it('unsqueeze and squeeze', () => {
    const x = torch.zeros(3);
    expect(x.unsqueeze(0).shape).toEqual([1, 3]);
    expect(x.unsqueeze(0).unsqueeze(-1).squeeze().shape).toEqual([3]);
  });

  it('numpy() shares memory; fromArray shares the typed array', () => {
    const x = torch.zeros(2, 2);
    const a = x.numpy();
    a[1] = 5;
    expect(x.tolistSync()).toEqual([[0, 5], [0, 0]]);
    const arr = new Float32Array([1, 2, 3, 4]);
    const t = torch.fromArray(arr, [2, 2]);
    arr[0] = 9;
    expect(t.tolistSync()).toEqual([[9, 2], [3, 4]]);
  });

  it('float, long, int, to(dtype)', () => {
    const x = torch.tensor([1.7, -1.7]);
    expect(x.long().tolistSync()).toEqual([1, -1]);
    expect(x.int().dtype).toBe('int32');
    expect(torch.tensor([1, 2]).float().dtype).toBe('float32');
    expect(x.to('float32').dtype).toBe('float32');
    expect(x.to('float64').dtype).toBe('float64');
  });

  it("to('cpu'), cpu(); to('webgpu') without its package is an error", () => {
    const x = torch.ones(2);
    expect(x.to('cpu')).toBe(x);
    expect(x.cpu()).toBe(x);
    expect(() => x.to('webgpu')).toThrow("device 'webgpu' is not registered: import '@x/backend-webgpu'");
  });

  it('item, tolist (async), itemSync, tolistSync', async () => {
    const x = torch.tensor([[1, 2], [3, 4]]);
    expect(await x.sum().item()).toBe(10);
    expect(await x.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(x.sum().itemSync()).toBe(10);
    expect(x.tolistSync()).toEqual([[1, 2], [3, 4]]);
  });

  it('outputs.data is a detached alias over the same storage', () => {
    const out = torch.tensor([[0.1, 0.9], [0.8, 0.2]], { requiresGrad: true });
    const d = out.data;
    expect(d.storage).toBe(out.storage);
    expect(d.requiresGrad).toBe(false);
    const [, predicted] = torch.max(out.data, 1);
    expect(predicted.tolistSync()).toEqual([1, 0]);
  });

  it('dataAsync and dataSync return copies', async () => {
    const x = torch.tensor([1, 2, 3], { dtype: 'float32' });
    const a = await x.dataAsync();
    expect(a).toBeInstanceOf(Float32Array);
    expect(Array.from(a)).toEqual([1, 2, 3]);
    a[0] = 100;
    expect(x.dataSync()[0]).toBe(1);
  });

  it('detach, clone, contiguous', () => {
    const x = torch.arange(4).reshape(2, 2);
    expect(x.contiguous()).toBe(x);
    const c = x.T.contiguous();
    expect(c.isContiguous()).toBe(true);
    expect(c.tolistSync()).toEqual([[0, 2], [1, 3]]);
    const k = x.clone();
    expect(k.storage).not.toBe(x.storage);
    expect(x.detach().storage).toBe(x.storage);
  });

  it('in-place ops end in _ and return the tensor itself', () => {
    const x = torch.zeros(3);
    expect(x.add_(2)).toBe(x);
    expect(x.mul_(3).tolistSync()).toEqual([6, 6, 6]);
    expect(x.fill_(1).sub_(1).tolistSync()).toEqual([0, 0, 0]);
    expect(x.clamp_(1, 2).tolistSync()).toEqual([1, 1, 1]);
    x.zero_();
    expect(x.tolistSync()).toEqual([0, 0, 0]);
    expect(x.uniform_().numel()).toBe(3);
  });

  it('type promotion examples', () => {
    expect(torch.tensor([1, 2]).add(torch.tensor([1.5, 2], { dtype: 'float32' })).dtype).toBe('float32');
    expect(torch.tensor([1, 2]).div(torch.tensor([2, 2])).dtype).toBe('float32');
    expect(torch.tensor([1, 2]).div(torch.tensor([2, 2])).tolistSync()).toEqual([0.5, 1]);
    expect(torch.tensor([1, 2]).lt(2).dtype).toBe('bool');
  });

  it('toString prints like PyTorch', () => {
    expect(String(torch.tensor([[1, 2], [3, 4]], { dtype: 'float32' }))).toBe('tensor([[1., 2.],\n        [3., 4.]])');
  });
});

describe('API.md Tensors table: indexing', () => {
  it('x.at(0), x.at(":", 1), x.at(0, 1), slices, "...", null', () => {
    const x = torch.arange(12).reshape(3, 4);
    expect(x.at(0).tolistSync()).toEqual([0, 1, 2, 3]);
    expect(x.at(':', 1).tolistSync()).toEqual([1, 5, 9]);
    expect(x.at(0, 1).itemSync()).toBe(1);
    expect(x.at('1:3').shape).toEqual([2, 4]);
    expect(x.at(':', '::2').tolistSync()).toEqual([[0, 2], [4, 6], [8, 10]]);
    expect(x.at('...', null).shape).toEqual([3, 4, 1]);
    expect(x.at(0).storage).toBe(x.storage);
  });

  it('x.at(x.gt(0)) and await x.atAsync(x.gt(0))', async () => {
    const x = torch.tensor([[-1, 2], [3, -4]]);
    expect(x.at(x.gt(0)).tolistSync()).toEqual([2, 3]);
    expect(await (await x.atAsync(x.gt(0))).tolist()).toEqual([2, 3]);
  });

  it('x.set([0, 1], 5) and x.set([x.lt(0)], 0)', () => {
    const x = torch.tensor([[-1, 2], [3, -4]]);
    x.set([0, 1], 5);
    expect(x.tolistSync()).toEqual([[-1, 5], [3, -4]]);
    x.set([x.lt(0)], 0);
    expect(x.tolistSync()).toEqual([[0, 5], [3, 0]]);
  });

  it('torch.equal and allclose', () => {
    expect(torch.equal(torch.ones(2), torch.ones(2))).toBe(true);
    expect(torch.ones(2).equal(torch.zeros(2))).toBe(false);
    expect(torch.allclose(torch.tensor([1, 2.0000001]), torch.tensor([1, 2]))).toBe(true);
  });
});

describe('torch.* functions from plain JavaScript', () => {
  it("name the argument that must be a tensor, as PyTorch's TypeError does", () => {
    const x = torch.ones(2);
    const sub = torch.sub as unknown as (a: unknown, b: unknown) => torch.Tensor;
    expect(() => sub(1, x)).toThrow("torch.sub(): argument 'input' (position 1) must be a Tensor, not number (1); wrap it with torch.tensor(...)");
    expect(() => (torch.max as unknown as (a: unknown) => torch.Tensor)([1, 2])).toThrow("torch.max(): argument 'input' (position 1) must be a Tensor, not an array");
    expect(torch.sub(x, 1).tolistSync()).toEqual([0, 0]);
  });
});
