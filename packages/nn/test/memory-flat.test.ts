// A training loop's memory over 2,000 MLP steps (the contract): with torch.tidy around each
// step, torch.memory() is flat on the CPU and on the strict test device (a GPU's contract: nothing is
// freed unless disposed); without tidy, on the strict device, the garbage-collection safety net frees
// what the loop dropped once the collector runs; on the CPU the collector frees the tensors itself and
// the backend's safety net returns their blocks of the kernels' heap, so the heap stops growing.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as optim from '@x/optim';
import * as nn from '../src/index';
import { STRICT } from './strict-device';

const STEPS = 2000;

/** A full garbage collection now (V8's gc(), reached without --expose-gc). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function setup(device: torch.Device) {
  torch.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(16, 32), new nn.ReLU(), new nn.Linear(32, 4)).to(device);
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new nn.CrossEntropyLoss();
  const x = torch.randn([8, 16]).to(device);
  const y = torch.randint(0, 4, [8]).to(device);
  const step = () => {
    opt.zeroGrad();
    const loss = lossFn.forward(model.forward(x) as torch.Tensor, y);
    loss.backward();
    opt.step();
    return loss;
  };
  return { step };
}

const snapshot = (device: torch.Device) => {
  const m = torch.memory(device);
  return { tensors: m.tensors, storages: m.storages, bytes: m.bytes };
};

describe(`${STEPS} MLP training steps`, () => {
  for (const device of ['cpu', STRICT] as const) {
    it(`inside torch.tidy keep torch.memory('${device}') flat; the losses summed on the device are read once`, async () => {
      const { step } = setup(device);
      let total = torch.keep(torch.zeros([], { device }));
      let at1000 = snapshot(device);
      for (let i = 1; i <= STEPS; i++) {
        const next = torch.tidy(() => torch.keep(total.add(step().detach())));
        total.dispose();
        total = next;
        if (i === 1000) at1000 = snapshot(device);
        if (i % 100 === 0) await new Promise((r) => setImmediate(r));
      }
      // the parameters, their gradients, Adam's moments, x, y and the running total: the same at step
      // 1,000 and 2,000, tensor for tensor and byte for byte
      expect(snapshot(device)).toEqual(at1000);
      expect(at1000.tensors).toBeLessThan(30);
      const mean = Number(await total.item()) / STEPS;
      expect(mean).toBeGreaterThan(0);
      expect(mean).toBeLessThan(1.4); // log(4): it learns
    });
  }

  it(`without tidy, the safety net frees what the loop drops on '${STRICT}' after garbage collection`, async () => {
    const { step } = setup(STRICT);
    // the finalizers run in a later task, which a loaded machine may run after a timer: poll
    const settle = async (until: () => boolean = () => false) => {
      for (let i = 0; i < 20; i++) {
        collectGarbage();
        await new Promise((r) => setTimeout(r, 10));
        if (until()) return;
      }
    };
    let rounds = 0;
    await settle(() => ++rounds === 3);
    const before = snapshot(STRICT);
    for (let i = 1; i <= STEPS; i++) {
      step(); // every intermediate is dropped without dispose
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    const dropped = snapshot(STRICT).tensors - before.tensors;
    await settle(() => snapshot(STRICT).tensors - before.tensors <= 12);
    const after = snapshot(STRICT);
    // ~30 tensors a step were dropped: after a collection only the gradients and Adam's moments remain
    expect(dropped).toBeGreaterThan(0);
    expect(after.tensors - before.tensors).toBeLessThanOrEqual(12);
    expect(after.storages - before.storages).toBeLessThanOrEqual(12);
  });

  it("without tidy, the CPU's heap gets back the blocks of what the loop drops, and stops growing", async () => {
    const { step } = setup('cpu');
    const heap = () => {
      const m = torch.memory('cpu'); // the CPU backend's own numbers, by name
      return { heapBytes: m.heapBytes!, heapLiveBytes: m.heapLiveBytes!, reclaimedBlocks: m.reclaimedBlocks! };
    };
    const run = async (steps: number) => {
      for (let i = 1; i <= steps; i++) {
        step(); // ~5 heap storages a step dropped without dispose (the fused kernels' outputs, the new gradients)
        if (i % 100 === 0) await new Promise((r) => setImmediate(r));
      }
      for (let i = 0; i < 3; i++) {
        collectGarbage();
        await new Promise((r) => setTimeout(r, 10)); // the finalizers run in a later task
      }
      return heap();
    };
    const at1000 = await run(1000);
    const at2000 = await run(1000);
    expect(at2000.reclaimedBlocks - at1000.reclaimedBlocks).toBeGreaterThan(1000 * 4);
    // held at the end: blocks of batches still open or kept by a live storage (64 KiB at most per size
    // class), against ~30 KiB a step dropped (30 MB in 1,000 steps); and the heap claimed little new
    // memory after step 1,000 (a collection that comes late in a window of 100 steps needs more blocks)
    expect(at2000.heapLiveBytes - at1000.heapLiveBytes).toBeLessThan(2 ** 20);
    expect(at2000.heapBytes - at1000.heapBytes).toBeLessThan(4 * 2 ** 20);
  });
});
