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
    expect(() => x.equal(x)).toThrow(/equal\(\) returns a boolean.*await a.eq\(b\).all\(\).item\(\)/);
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
