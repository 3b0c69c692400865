// Creation functions: dtype inference, values against PyTorch, and clear errors for bad input.
import { describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';

describe('tensor()', () => {
  it('infers dtypes like PyTorch', () => {
    expect(torch.tensor(3).dtype).toBe('int64');
    expect(torch.tensor(3.5).dtype).toBe('float32');
    expect(torch.tensor([true, false]).dtype).toBe('bool');
    expect(torch.tensor([true, 2]).dtype).toBe('int64');
    expect(torch.tensor([1, NaN]).dtype).toBe('float32');
    expect(torch.tensor([[1, 2.5]]).dtype).toBe('float32');
    expect(torch.tensor(new Float64Array([1])).dtype).toBe('float64');
    expect(torch.tensor(new Int32Array([1])).dtype).toBe('int32');
    expect(torch.tensor(new Uint8Array([1])).dtype).toBe('uint8');
    expect(torch.tensor(new BigInt64Array([5n])).dtype).toBe('int64');
    expect(torch.tensor([]).shape).toEqual([0]);
    expect(torch.tensor([[], []]).shape).toEqual([2, 0]);
  });

  it('copies its input', () => {
    const a = new Float32Array([1, 2]);
    const t = torch.tensor(a);
    a[0] = 5;
    expect(t.tolistSync()).toEqual([1, 2]);
  });

  it('casts values to the requested dtype as PyTorch does', () => {
    expect(torch.tensor([1.7, -1.7, 300], { dtype: 'int32' }).tolistSync()).toEqual([1, -1, 300]);
    expect(torch.tensor([0, 2, -1], { dtype: 'bool' }).tolistSync()).toEqual([false, true, true]);
    expect(torch.tensor([0.1], { dtype: 'float32' }).dataSync()[0]).toBe(Math.fround(0.1));
  });

  it('rejects ragged nesting, non-numbers and unknown dtypes clearly', () => {
    expect(() => torch.tensor([[1, 2], [3]])).toThrow('expected sequence of length 2 at dim 1 (got 1)');
    expect(() => torch.tensor([[1, 2], 3] as never)).toThrow(/ragged/);
    expect(() => torch.tensor(['a'] as never)).toThrow(/could not convert string/);
    expect(() => torch.tensor([1], { dtype: 'float16' as never })).toThrow(`unknown dtype "float16"; expected one of 'bool', 'uint8', 'int32', 'int64', 'float32', 'float64'`);
  });

  it('integer tensors cannot require grad', () => {
    expect(() => torch.tensor([1, 2], { dtype: 'int64', requiresGrad: true })).toThrow(/only tensors of floating point dtype can require gradients/);
  });
});

describe('filled and ranged tensors', () => {
  it('zeros/ones/full/empty and the *Like forms', () => {
    expect(torch.full([2], 7).dtype).toBe('int64');
    expect(torch.full([2], 0.5).tolistSync()).toEqual([0.5, 0.5]);
    expect(torch.full([1], true).dtype).toBe('bool');
    expect(torch.empty(2, 3).shape).toEqual([2, 3]);
    const x = torch.ones(2, 3, { dtype: 'int32' });
    expect(torch.zerosLike(x).dtype).toBe('int32');
    expect(torch.onesLike(x, { dtype: 'float64' }).dtype).toBe('float64');
    expect(torch.fullLike(x, 4).tolistSync()).toEqual([[4, 4, 4], [4, 4, 4]]);
    expect(torch.randLike(torch.zeros(2)).shape).toEqual([2]);
  });

  it('rejects negative, fractional and NaN sizes', () => {
    expect(() => torch.zeros(-1)).toThrow('zeros: invalid size [-1]: sizes must be non-negative integers');
    expect(() => torch.ones(2.5)).toThrow(/invalid size \[2.5\]/);
    expect(() => torch.zeros(NaN)).toThrow(/invalid size \[NaN\]/);
    expect(() => torch.zeros([2, -3])).toThrow(/invalid size/);
  });

  it('arange matches PyTorch', () => {
    expect(torch.arange(5).tolistSync()).toEqual([0, 1, 2, 3, 4]);
    expect(torch.arange(1, 4).dtype).toBe('int64');
    expect(torch.arange(0, 1, 0.25).tolistSync()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(torch.arange(0, 1, 0.25).dtype).toBe('float32');
    expect(torch.arange(5, 0, -2).tolistSync()).toEqual([5, 3, 1]);
    expect(torch.arange(3, { dtype: 'float64' }).dtype).toBe('float64');
    expect(() => torch.arange(0, 5, 0)).toThrow('arange: step must be nonzero');
    expect(() => torch.arange(5, 0)).toThrow(/inconsistent with step sign/);
  });

  it('linspace and eye match PyTorch', () => {
    // torch.linspace(-1, 1, 7)
    const l = torch.linspace(-1, 1, 7).dataSync();
    expect(Array.from(l)).toEqual([-1.0, -0.6666666269302368, -0.3333333134651184, -2.9802322387695312e-08, 0.3333333134651184, 0.6666666269302368, 1.0]);
    expect(torch.linspace(0, 1, 1).tolistSync()).toEqual([0]);
    expect(torch.linspace(0, 1, 0).shape).toEqual([0]);
    expect(torch.eye(2, 3).tolistSync()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(torch.eye(2, { dtype: 'int64' }).dtype).toBe('int64');
  });
});

describe('random', () => {
  it('manualSeed makes every random creator reproducible', () => {
    const draw = () => [torch.rand(4), torch.randn(4), torch.randint(0, 10, [4]), torch.randperm(6)].map((t) => t.tolistSync());
    torch.manualSeed(123);
    const a = draw();
    torch.manualSeed(123);
    expect(draw()).toEqual(a);
  });

  it('a Generator gives its own stream', () => {
    const g1 = new torch.Generator().manualSeed(5);
    const g2 = new torch.Generator().manualSeed(5);
    expect(torch.rand(5, { generator: g1 }).tolistSync()).toEqual(torch.rand(5, { generator: g2 }).tolistSync());
  });

  it('ranges and distributions', () => {
    torch.manualSeed(0);
    const u = torch.rand(10000);
    expect(u.min().itemSync()).toBeGreaterThanOrEqual(0);
    expect(u.max().itemSync()).toBeLessThan(1);
    expect(Math.abs((u.mean().itemSync() as number) - 0.5)).toBeLessThan(0.02);
    const n = torch.randn(10000);
    expect(Math.abs(n.mean().itemSync() as number)).toBeLessThan(0.05);
    expect(Math.abs((n.std().itemSync() as number) - 1)).toBeLessThan(0.05);
    const r = torch.randint(3, 7, [1000]);
    expect(r.dtype).toBe('int64');
    expect(r.min().itemSync()).toBe(3);
    expect(r.max().itemSync()).toBe(6);
    expect(torch.randperm(10).sort()[0].tolistSync()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => torch.randint(5, 5, [2])).toThrow(/low < high/);
  });
});

describe('devices', () => {
  it('unknown and unregistered devices give the documented errors', () => {
    expect(() => torch.zeros(2, { device: 'webgpu' })).toThrow("device 'webgpu' is not registered: import '@x/backend-webgpu'");
    // @ts-expect-error: 'cuda' is no device name here, for the types either
    expect(() => torch.zeros(2, { device: 'cuda' })).toThrow(/device 'cuda' is not registered: unknown device/);
    expect(torch.registeredDevices()).toContain('cpu');
    expect(torch.defaultDevice()).toBe('cpu');
  });

  it('backward() without @x/autograd names the import to add', () => {
    expect(() => torch.tensor(2.0, { requiresGrad: true }).pow(2).backward()).toThrow("import '@x/autograd'");
  });
});
