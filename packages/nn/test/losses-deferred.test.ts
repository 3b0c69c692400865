// The golden cases again on a device with an asynchronous device's contract (no synchronous reads,
// as WebGPU): proves the losses never read data synchronously there, so they run unchanged on
// WebGPU. Data-dependent checks (target bounds, BCE's input range) are documented as CPU-only.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cpuBackend } from '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import { deferredBackend } from '@x/conformance';
import * as nn from '../src/index';
import { loadLossFixture, replayCase } from './losses-fixture';

const DEVICE = 'deferred-losses';
torch.registerBackend(deferredBackend(DEVICE, cpuBackend));
const fixture = loadLossFixture();

beforeAll(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {}); // the broadcast cases warn as PyTorch does
});

describe(`losses on '${DEVICE}' (asynchronous contract)`, () => {
  for (const c of fixture.cases) it(c.name, () => replayCase(c, DEVICE));

  it('reads no data in forward: target bounds and the BCE input range are checked on the CPU only', async () => {
    const x = torch.randn([2, 3], { device: DEVICE });
    const loss = nn.functional.crossEntropy(x, torch.tensor([0, 7], { device: DEVICE })); // no throw: not read
    // the CPU kernels behind this test device check the gather index when the queue runs
    expect(await loss.item().then(() => 'value', (e: Error) => e.message)).toMatch(/out of (range|bounds)|index/i);
    const p = torch.tensor([1.5], { device: DEVICE });
    const bce = nn.functional.binaryCrossEntropy(p, torch.tensor([1], { dtype: 'float32', device: DEVICE }));
    expect(await bce.item()).toBeNaN(); // (1 - 1)·log(1 - 1.5): no error, as it was not read
  });
});
