// A training loop's memory over 2,000 MLP steps (the contract): with torch.tidy around each
// step, torch.memory() is flat on the CPU and on the strict test device (a GPU's contract: nothing is
// freed unless disposed); without tidy, on the strict device, the garbage-collection safety net frees
// what the loop dropped once the collector runs.
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
    const settle = async () => {
      collectGarbage();
      await new Promise((r) => setTimeout(r, 0)); // the finalizers run in a later task
    };
    await settle();
    const before = snapshot(STRICT);
    for (let i = 1; i <= STEPS; i++) {
      step(); // every intermediate is dropped without dispose
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    const dropped = snapshot(STRICT).tensors - before.tensors;
    await settle();
    const after = snapshot(STRICT);
    // ~30 tensors a step were dropped: after a collection only the gradients and Adam's moments remain
    expect(dropped).toBeGreaterThan(0);
    expect(after.tensors - before.tensors).toBeLessThanOrEqual(12);
    expect(after.storages - before.storages).toBeLessThanOrEqual(12);
  });
});
