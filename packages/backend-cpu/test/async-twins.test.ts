// The tensor-level async twins on a device without sync reads (the strict test device, as WebGPU):
// equalAsync/allcloseAsync compute their flag on the device and read it once; torch.tensor of
// one-element tensors stacks them there instead of reading them.
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { strictDevice } from '@x/conformance';
import { cpuBackend } from '../src/index';

const DEVICE = 'strict-tensor-twins';
torch.registerBackend(strictDevice(DEVICE, cpuBackend));

describe('async twins of @x/tensor', () => {
  it('equalAsync and allcloseAsync: the flag on the device, read once; the sync forms name them', async () => {
    const a = torch.tensor([1, 2, 3], { dtype: 'float32', device: DEVICE });
    const b = a.add(1e-7);
    expect(() => a.equal(b)).toThrow(/await a\.equalAsync\(b\)/);
    expect(() => a.allclose(b)).toThrow(/await a\.allcloseAsync\(b\)/);
    expect(await a.equalAsync(a.clone())).toBe(true);
    expect(await a.equalAsync(b)).toBe(false);
    expect(await a.equalAsync(a.reshape(3, 1))).toBe(false); // shapes differ: no read at all
    expect(await a.allcloseAsync(b)).toBe(true);
    expect(await a.allcloseAsync(a.add(1e-3))).toBe(false);
    expect(await torch.allcloseAsync(a, a.add(1e-3), { atol: 1e-2 })).toBe(true);
    const nan = torch.tensor([NaN, 1], { device: DEVICE });
    expect(await torch.allcloseAsync(nan, nan)).toBe(false);
    expect(await torch.allcloseAsync(nan, nan, { equalNan: true })).toBe(true);
    expect(await torch.equalAsync(nan, nan)).toBe(false); // NaN != NaN, as torch.equal
  });

  it('torch.tensor of one-element tensors stacks them on their device, without a read', async () => {
    const a = torch.tensor(1.5, { device: DEVICE });
    const b = torch.ones([1], { device: DEVICE }).mul(2);
    const t = torch.tensor([[a, b], [b, a]]);
    expect(t.device).toBe(DEVICE);
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([2, 2]);
    expect(await t.tolist()).toEqual([[1.5, 2], [2, 1.5]]);
    const ints = torch.tensor([torch.tensor(3, { device: DEVICE }), torch.tensor(4, { device: DEVICE })]);
    expect(ints.dtype).toBe('int64');
    expect(await ints.tolist()).toEqual([3, 4]);
    expect(await torch.tensor([a, a], { dtype: 'int32' }).tolist()).toEqual([1, 1]);
    expect(() => torch.tensor([a, torch.tensor(1)])).toThrow("tensor: the elements are tensors on different devices ('strict-tensor-twins', 'cpu'); move them to one device first");
  });
});
