// The golden cases again on a device with an asynchronous device's contract (no synchronous reads,
// as WebGPU): proves the losses never read data synchronously there, so they run unchanged on
// WebGPU. Data-dependent checks (target bounds, BCE's input range) run on the device: the next read
// rejects with the error, naming the op.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cpuBackend } from '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import { deferredBackend } from '@x/conformance';
import * as nn from '../src/index';
import { loadLossFixture, replayCase } from './losses-fixture';
import { needsFloat64, STRICT } from './strict-device';

const DEVICE = 'deferred-losses';
torch.registerBackend(deferredBackend(DEVICE, cpuBackend));
const fixture = loadLossFixture();

beforeAll(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {}); // the broadcast cases warn as PyTorch does
});

describe(`losses on '${STRICT}' (float64 refused, int64 in 32 bits, strict aliasing, fused kernels)`, () => {
  for (const c of fixture.cases.filter((k) => !needsFloat64(k))) it(c.name, () => replayCase(c, STRICT));
});

describe(`losses on '${DEVICE}' (asynchronous contract)`, () => {
  for (const c of fixture.cases) it(c.name, () => replayCase(c, DEVICE));

  it('reads no data in forward: target bounds and the BCE input range are checked on the device, and the next read rejects', async () => {
    const x = torch.randn([2, 3], { device: DEVICE });
    const loss = nn.functional.crossEntropy(x, torch.tensor([0, 7], { device: DEVICE })); // no throw: not read yet
    await expect(loss.item()).rejects.toThrow('crossEntropy: Target 7 is out of bounds. (input [2, 3] has 3 classes, 0 to 2; ignoreIndex is -100)');
    // the flag is cleared by the read that reported it
    expect(await torch.ones(1, { device: DEVICE }).item()).toBe(1);
    const ignored = nn.functional.crossEntropy(x, torch.tensor([0, -100], { device: DEVICE }));
    expect(Number.isFinite(await ignored.item())).toBe(true);
    const p = torch.tensor([1.5], { device: DEVICE });
    const bce = nn.functional.binaryCrossEntropy(p, torch.tensor([1], { dtype: 'float32', device: DEVICE }));
    await expect(torch.sync(DEVICE)).rejects.toThrow('binaryCrossEntropy: all elements of input should be between 0 and 1 (input [1]); apply torch.sigmoid first');
    expect(await bce.item()).toBeNaN(); // the error was reported by sync(); the value is what the kernels computed
    const nan = nn.functional.binaryCrossEntropy(torch.tensor([NaN], { device: DEVICE }), torch.tensor([1], { dtype: 'float32', device: DEVICE }));
    await expect(nan.item()).rejects.toThrow('all elements of input should be between 0 and 1');
  });

  it('embedding checks its indices on the device, in its own words', async () => {
    const e = nn.functional.embedding(torch.tensor([[0, 4]], { device: DEVICE }), torch.randn([3, 2], { device: DEVICE }));
    await expect(e.tolist()).rejects.toThrow('embedding: index out of range in self (num_embeddings=3): index 4 is out of bounds for dimension 0 with size 3');
  });
});
