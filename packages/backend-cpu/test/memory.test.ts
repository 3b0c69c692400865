// Tensor memory: dispose, tidy (sync, async, nested), keep, storage reference counts, the disposed
// error, torch.memory() and the CPU pool.
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { cpuBackend, cpuPool } from '../src/index';

// The test device this file registers, named for the types as a third-party backend names its own.
declare module '@x/tensor' {
  interface DeviceNames {
    'gc-device': true;
  }
}

const live = () => torch.memory('cpu');

describe('dispose', () => {
  it('frees the storage and refuses every later use, naming the tensor', async () => {
    const before = live();
    const x = torch.ones(3, 4);
    expect(live().tensors).toBe(before.tensors + 1);
    expect(live().storages).toBe(before.storages + 1);
    expect(live().bytes).toBe(before.bytes + 48);
    x.dispose();
    expect(x.isDisposed).toBe(true);
    expect(live()).toMatchObject({ tensors: before.tensors, storages: before.storages, bytes: before.bytes });
    const msg = "tensor was disposed: this [3, 4] float32 tensor on 'cpu' was freed by dispose() or torch.tidy() and cannot be used; return it from the tidy function or keep it with torch.keep(t)";
    expect(() => x.add(1)).toThrow(msg);
    expect(() => x.dataSync()).toThrow(msg);
    await expect(x.dataAsync()).rejects.toThrow(msg);
    expect(() => x.view(12)).toThrow(msg);
    expect(() => torch.ones(3, 4).add(x)).toThrow(msg);
    expect(x.shape).toEqual([3, 4]);
    expect(String(x)).toBe("tensor(<disposed [3, 4] float32 on 'cpu'>)");
    x.dispose(); // twice: harmless
  });

  it('a view keeps its base storage alive; the last tensor over it frees it', () => {
    const before = live();
    const base = torch.arange(6, { dtype: 'float32' });
    const reshaped = base.view(2, 3);
    const view = reshaped.t();
    base.dispose();
    reshaped.dispose();
    expect(live().storages).toBe(before.storages + 1);
    expect(view.tolistSync()).toEqual([[0, 3], [1, 4], [2, 5]]);
    view.dispose();
    expect(live()).toMatchObject({ tensors: before.tensors, storages: before.storages });
  });

  it('returns memory to the CPU pool, and never pools memory shared through numpy() or fromArray', () => {
    const x = torch.zeros(1000);
    const shared = torch.zeros(1000);
    const array = shared.numpy();
    const wrapped = torch.fromArray(new Float32Array(1000));
    const pooled = cpuPool.pooledBytes;
    shared.dispose();
    wrapped.dispose();
    expect(cpuPool.pooledBytes).toBe(pooled);
    x.dispose();
    expect(cpuPool.pooledBytes).toBeGreaterThan(pooled);
    // Reused memory is cleared where zeros are asked for, and numpy()'s array is never reused.
    array.fill(7);
    const y = torch.zeros(1000);
    expect(y.sum().itemSync()).toBe(0);
    expect(array[0]).toBe(7);
  });

  it('memory() reports every registered device and the pool', () => {
    const m = torch.memory();
    expect(Object.keys(m)).toContain('cpu');
    expect(m.cpu).toHaveProperty('pooledBytes');
    expect(cpuBackend.memory?.().pooledBytes).toBe(cpuPool.pooledBytes);
  });
});

describe('tidy', () => {
  it('frees what fn created except what it returns (in arrays and objects)', () => {
    const before = live().tensors;
    const a = torch.ones(2);
    const out = torch.tidy(() => {
      const b = a.add(1);
      const c = b.mul(2);
      return { c, list: [b.sum()] };
    });
    expect(live().tensors).toBe(before + 3);
    expect(out.c.tolistSync()).toEqual([4, 4]);
    expect(out.list[0]!.itemSync()).toBe(4);
    torch.dispose([a, out]);
    expect(live().tensors).toBe(before);
  });

  it('nests: a returned tensor belongs to the enclosing tidy', () => {
    const before = live().tensors;
    let inner: torch.Tensor | null = null;
    const outer = torch.tidy(() => {
      inner = torch.tidy(() => torch.ones(2).add(1));
      expect(inner.isDisposed).toBe(false);
      return inner.mul(3);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(outer.tolistSync()).toEqual([6, 6]);
    outer.dispose();
    expect(live().tensors).toBe(before);
  });

  it('follows an async function across awaits, freeing when its promise settles', async () => {
    const before = live().tensors;
    const kept = torch.ones(1);
    const result = await torch.tidy(async () => {
      const a = torch.ones(3);
      await new Promise((r) => setTimeout(r, 1));
      torch.keep(a.mul(kept)); // kept: outlives the tidy
      return a.add(1);
    });
    expect(result.tolistSync()).toEqual([2, 2, 2]);
    expect(live().tensors).toBe(before + 3);
    torch.dispose([result, kept]);
  });

  it('frees everything fn created when it throws', async () => {
    const before = live().tensors;
    expect(() =>
      torch.tidy(() => {
        torch.ones(2);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    await expect(torch.tidy(async () => (torch.ones(2), Promise.reject(new Error('late'))))).rejects.toThrow('late');
    expect(live().tensors).toBe(before);
  });

  it('rejects a non-function', () => {
    expect(() => torch.tidy(3 as unknown as () => void)).toThrow('tidy: expected a function, got number');
  });
});

describe('the safety net (a device whose memory the garbage collector does not free)', () => {
  it('frees a forgotten tensor after garbage collection', async () => {
    const { deferredBackend } = await import('@x/conformance');
    const v8 = await import('node:v8');
    const vm = await import('node:vm');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const device = deferredBackend('gc-device', cpuBackend);
    const disposed: unknown[] = [];
    const dispose = device.dispose.bind(device);
    torch.registerBackend({ ...device, dispose: (s) => (disposed.push(s), dispose(s)) });
    const before = torch.memory('gc-device').tensors;
    (() => {
      for (let i = 0; i < 100; i++) torch.ones(64, { device: 'gc-device' }).add(1);
    })();
    expect(torch.memory('gc-device').tensors).toBe(before + 200);
    for (let i = 0; i < 10 && torch.memory('gc-device').tensors > before; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(torch.memory('gc-device')).toMatchObject({ tensors: before, storages: 0, bytes: 0 });
    expect(disposed.length).toBe(200);
    await torch.sync('gc-device');
  });
});
