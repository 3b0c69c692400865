// The conformance suite on a device with an asynchronous device's contract (@x/conformance's
// deferredBackend): proves
// that every op works through the Backend interface with only async reads, as WebGPU will need.
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../src/index';
import * as torch from '@x/tensor';
import { registerBackend } from '@x/tensor';
import { deferredBackend, runConformance, strictDevice } from '@x/conformance';

registerBackend(deferredBackend('deferred', cpuBackend));

// The whole suite on the stricter test device (float64 refused, int64 in 32 bits, aliasing bound as
// WebGPU binds it, garbage in uninitialised memory), each case checked for leaks. Index bounds are
// checked on the device: the error comes at the next read (the suite reads every result).
registerBackend(strictDevice('strict', cpuBackend));
runConformance({
  device: 'strict',
  skip: { 'tensor/large-int': "int64 beyond 32 bits: the strict device holds int64 in 32 bits, and refuses the upload (its own test checks the error)" },
});

describe('an asynchronous device', () => {
  it('enqueues kernels and runs them only when a read waits', async () => {
    const backend = deferredBackend('deferred-probe', cpuBackend);
    registerBackend(backend);
    const x = torch.arange(6, { dtype: 'float32', device: 'deferred-probe' }).reshape(2, 3);
    const y = x.mul(2).sum(1);
    expect(backend.pending()).toBeGreaterThan(0);
    expect(await y.tolist()).toEqual([6, 24]);
    expect(backend.pending()).toBe(0);
  });

  it('refuses sync reads and data-dependent sync ops, naming the async form', async () => {
    const x = torch.tensor([1, -2, 3], { dtype: 'float32', device: 'deferred' });
    expect(() => x.itemSync()).toThrow(/use await x.item\(\)/);
    expect(() => x.dataSync()).toThrow(/use await x.dataAsync\(\)/);
    expect(() => x.numpy()).toThrow(/\.cpu\(\)/);
    expect(() => x.at(x.gt(0))).toThrow(/atAsync/);
    expect(await (await x.atAsync(x.gt(0))).tolist()).toEqual([1, 3]);
    expect(await (await x.toAsync('cpu')).tolist()).toEqual([1, -2, 3]);
    expect(() => x.unique()).toThrow(/use await x.uniqueAsync\(\)/);
    expect(() => x.nonzero()).toThrow(/nonzeroAsync/);
    expect(() => x.equal(x)).toThrow(/equal\(\) returns a boolean.*await a.equalAsync\(b\)/);
    expect(await (await x.abs().uniqueAsync()).tolist()).toEqual([1, 2, 3]);
  });
});

describe('mixed devices', () => {
  it('an op across devices names both devices and the fix', () => {
    const a = torch.ones(2);
    const b = torch.ones(2, { device: 'deferred' });
    expect(() => a.add(b)).toThrow("add: expected all tensors to be on the same device, but found 'cpu' and 'deferred' ([2] float32 on 'cpu', [2] float32 on 'deferred'); move them with .to('cpu')");
    expect(() => torch.cat([a, b])).toThrow(/same device/);
    expect(() => a.matmul(b)).toThrow(/same device/);
  });
});

describe('the strict test device', () => {
  it('refuses float64 with the one error naming dtype, op, device and the fix', () => {
    expect(() => torch.ones(2, { dtype: 'float64', device: 'strict' })).toThrow(
      "ones: dtype float64 is not supported on device 'strict'; convert the tensor (e.g. .to('float32')) or run the op on 'cpu' (.to('cpu'))",
    );
    const x = torch.ones(2, { device: 'strict' });
    expect(() => x.double()).toThrow("to: dtype float64 is not supported on device 'strict'");
    expect(torch.capsOf('strict').dtypes).toMatchObject({ float64: 'unsupported', int64: 'emulated', float32: 'native' });
  });

  it('holds int64 in 32 bits: a value outside is a clear error, at upload or from a kernel at the next read', async () => {
    expect(torch.capsOf('strict').int64Range).toEqual([-(2 ** 31), 2 ** 31 - 1]);
    expect(() => torch.tensor([2 ** 40], { device: 'strict' })).toThrow("int64 value 1099511627776 does not fit device 'strict', which holds int64 in 32 bits");
    const big = torch.tensor([2 ** 30], { device: 'strict' }).mul(4);
    await expect(big.item()).rejects.toThrow("strict: kernel 'binary': int64 value 4294967296 does not fit device 'strict'");
    // a CPU float64 tensor moves as float32 when asked, converted on the host
    expect(await torch.tensor([1.5], { dtype: 'float64' }).to({ device: 'strict', dtype: 'float32' }).tolist()).toEqual([1.5]);
  });

  it('binds aliased operands strictly: an elementwise in-place op is legal, a partial overlap is not', async () => {
    const x = torch.arange(4, { dtype: 'float32', device: 'strict' });
    x.add_(1).mul_(x);
    expect(await x.tolist()).toEqual([1, 4, 9, 16]);
    const backend = torch.getBackend('strict');
    const y = torch.arange(4, { dtype: 'float32', device: 'strict' });
    // out = y[1:] and input = y[:3]: one storage through different views (the front end never asks this)
    backend.copy(y.narrow(0, 0, 3), y.narrow(0, 1, 3));
    await expect(torch.sync('strict')).rejects.toThrow("strict: kernel 'copy' reads and writes one storage through different views");
  });

  it("fills 'uninit' memory with garbage, so an op that reads what it did not write shows", async () => {
    const backend = torch.getBackend('strict');
    const t = new torch.Tensor(backend.allocate('float32', 2, 'uninit'), [2]);
    expect(await t.tolist()).toEqual([NaN, NaN]);
    const z = new torch.Tensor(backend.allocate('int32', 2, 'zeros'), [2]);
    expect(await z.tolist()).toEqual([0, 0]);
  });

  it('never throws from a kernel and counts what it is asked', async () => {
    const device = strictDevice('strict-counted', cpuBackend);
    registerBackend(device);
    const a = torch.ones([2, 3], { device: 'strict-counted' });
    device.resetCounts();
    const b = a.mul(2).sum();
    expect(device.counts()).toMatchObject({ allocations: 2, kernels: 2, uploads: 0, reads: 0 });
    expect(await b.item()).toBe(12);
    expect(device.counts().reads).toBe(1);
    // an index out of range: the kernel's error goes to the flag, and the next read rejects with it
    const g = a.gather(1, torch.tensor([[5, 0, 0], [0, 0, 0]], { device: 'strict-counted' }));
    await expect(g.tolist()).rejects.toThrow('gather(): index 5 is out of bounds for dimension 1 with size 3');
    expect(await a.sum().item()).toBe(6);
  });
});
