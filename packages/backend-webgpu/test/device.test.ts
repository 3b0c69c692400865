// The device contract on the real WebGPU device: transfers, dtype refusals, int64 range, the error
// flag, aliased in-place operands, the buffer pool, batched submits.
import { describe, expect, it } from 'vitest';
import './setup';
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import { webgpu } from '../src/index';

const gpu = (values: torch.Nested, dtype: torch.DType = 'float32') => torch.tensor(values, { dtype, device: 'webgpu' });

describe('device webgpu', () => {
  it('prints the adapter name and limits', () => {
    const info = webgpu.info();
    expect(info.name.length).toBeGreaterThan(0);
    expect(info.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
    expect(String(info)).toContain('maxComputeWorkgroupStorageSize');
    expect(webgpu.isReady).toBe(true);
  });

  it('is available once ready, and backendInfo says when the adapter is a software renderer', () => {
    expect(torch.isAvailable('webgpu')).toBe(true);
    const info = torch.backendInfo('webgpu');
    expect(info).toMatchObject({ device: 'webgpu', available: true, kernels: 'webgpu', threads: 1 });
    const { name, vendor, architecture } = webgpu.info();
    if (/swiftshader|llvmpipe|lavapipe/i.test(`${name} ${vendor} ${architecture}`)) {
      // CI's Dawn on SwiftShader
      expect(info.reason).toBe(`the adapter is a software renderer (${name}): the shaders run on the CPU, slower than @x/backend-cpu`);
    } else expect(info.reason).toBeNull();
  });

  it('moves tensors both ways: to() from the CPU, toAsync() back; to("cpu") asks for toAsync', async () => {
    const host = torch.tensor([[1.5, -2], [3, 4]]);
    const dev = host.to('webgpu');
    expect(dev.device).toBe('webgpu');
    const back = await dev.mul(2).toAsync('cpu');
    expect(back.device).toBe('cpu');
    expect(back.tolistSync()).toEqual([[3, -4], [6, 8]]);
    const dev2 = await host.toAsync('webgpu');
    expect(await dev2.tolist()).toEqual([[1.5, -2], [3, 4]]);
    expect(() => dev.to('cpu')).toThrow("to('cpu'): reading from 'webgpu' is asynchronous; use await x.toAsync('cpu')");
    expect(() => dev.itemSync()).toThrow(/await x.item\(\)/);
    // dtype and device together
    expect(await (await dev.toAsync({ device: 'cpu', dtype: 'int32' })).tolist()).toEqual([[1, -2], [3, 4]]);
  });

  it('names both devices when an op mixes them', () => {
    const a = torch.ones(2);
    const b = torch.ones(2, { device: 'webgpu' });
    expect(() => a.add(b)).toThrow("add: expected all tensors to be on the same device, but found 'cpu' and 'webgpu'");
    expect(() => b.matmul(a.reshape(2, 1))).toThrow(/'webgpu' and 'cpu'/);
  });

  it('refuses float64, naming the dtype and the device', () => {
    expect(() => torch.zeros(2, { dtype: 'float64', device: 'webgpu' })).toThrow(/float64 is not supported on device 'webgpu'/);
    expect(() => torch.ones(2, { dtype: 'float64' }).to('webgpu')).toThrow(/float64 is not supported on device 'webgpu'/);
    expect(() => gpu([1, 2]).to('float64')).toThrow(/float64 is not supported on device 'webgpu'/);
  });

  it('holds int64 in 32 bits: out-of-range values fail on upload and when a kernel overflows', async () => {
    expect(() => torch.tensor([2 ** 31], { device: 'webgpu' })).toThrow(/int64 value 2147483648 does not fit on device 'webgpu'/);
    const big = torch.tensor([2 ** 30, 5], { device: 'webgpu' });
    expect(big.dtype).toBe('int64');
    await expect(big.mul(4).tolist()).rejects.toThrow(/mul: int64 value .* does not fit on device 'webgpu'/);
    // the error was reported once: the device goes on
    expect(await big.add(1).tolist()).toEqual([2 ** 30 + 1, 6]);
    await expect(torch.tensor([3e9], { dtype: 'float32', device: 'webgpu' }).long().tolist()).rejects.toThrow(/int64 value .* does not fit/);
    expect(await torch.tensor([-(2 ** 31)], { device: 'webgpu' }).tolist()).toEqual([-(2 ** 31)]);
  });

  it('reports data errors of kernels at the next read, naming the op, then clears them', async () => {
    const x = gpu([[1, 2], [3, 4]]);
    const bad = torch.tensor([[0, 5]], { device: 'webgpu' });
    const y = x.gather(1, bad);
    await expect(y.tolist()).rejects.toThrow('gather(): index 5 is out of bounds for dimension 1 with size 2');
    expect(await x.sum().item()).toBe(10);
    await expect(torch.tensor([7, 1], { device: 'webgpu' }).div(torch.tensor([0, 1], { device: 'webgpu' }), { roundingMode: 'floor' }).tolist()).rejects.toThrow(
      "div(roundingMode: 'floor'): ZeroDivisionError: integer division by zero",
    );
  });

  it('check(): a true flag rejects the next sync with the given error; the first one wins', async () => {
    const flag = gpu([false, true, false], 'bool');
    webgpu.backend.check(flag, () => new RangeError('first'));
    webgpu.backend.check(flag, () => new RangeError('second'));
    await expect(webgpu.backend.sync()).rejects.toThrow('first');
    await webgpu.backend.sync();
    webgpu.backend.check(gpu([false, false], 'bool'), () => new Error('never'));
    await webgpu.backend.sync();
    // with values: the error gets the value at the first true position (row-major), of any dtype
    const bad = gpu([[false, false, true], [true, false, true]], 'bool');
    webgpu.backend.check(bad.T, (v) => new RangeError(`value ${v}`), gpu([[1, 2], [3, 4], [5.5, 6]]));
    await expect(webgpu.backend.sync()).rejects.toThrow('value 2'); // bad.T's first true is at [0, 1]
    webgpu.backend.check(bad, (v) => new RangeError(`value ${v}`), gpu([[1, 2, -2.5], [4, 5, 6]]));
    await expect(webgpu.backend.sync()).rejects.toThrow('value -2.5');
  });

  it('binds an aliased in-place operand once, read-write, with the result of fresh memory', async () => {
    const x = gpu([1, 2, 3, 4]);
    x.add_(x);
    expect(await x.tolist()).toEqual([2, 4, 6, 8]);
    const m = gpu([[1, 2], [3, 4]]);
    m.mul_(m.T.contiguous());
    expect(await m.tolist()).toEqual([[1, 6], [6, 16]]);
    const v = gpu([1, 2, 3, 4, 5]);
    v.copy_(v.flip(0));
    expect(await v.tolist()).toEqual([5, 4, 3, 2, 1]);
    const w = gpu([[1, 2], [3, 4]]);
    w.copy_(w.T); // overlapping views of one storage: read before write
    expect(await w.tolist()).toEqual([[1, 3], [2, 4]]);
  });

  it('reuses disposed buffers from its pool, cleared when allocated as zeros', async () => {
    const b = webgpu.backend;
    const s = b.upload(Float32Array.from({ length: 1000 }, (_, i) => i + 1), 'float32');
    const before = b.memory!();
    b.dispose(s);
    expect(b.memory!().pooledBytes).toBeGreaterThan(before.pooledBytes);
    const z = b.allocate('float32', 1000, 'zeros');
    expect(b.memory!().poolHits).toBe(before.poolHits + 1);
    const values = await b.read({ storage: z, dtype: 'float32', shape: [1000], strides: [1], offset: 0 });
    expect(values.every((v) => v === 0)).toBe(true);
    expect(() => b.dispose(s)).toThrow(/disposed twice/);
    expect(b.memory!().gpuBytes).toBeGreaterThan(0);
  });

  it('records many kernels and submits them together at a read', async () => {
    const x = torch.randn(16, 16).to('webgpu');
    const s0 = webgpu.stats();
    let y = x;
    for (let i = 0; i < 20; i++) y = y.mul(1.01).add(0.5).relu();
    await y.sum().item();
    const s1 = webgpu.stats();
    expect(s1.dispatches - s0.dispatches).toBeGreaterThanOrEqual(61);
    expect(s1.submits - s0.submits).toBeLessThanOrEqual(2);
  });
});
