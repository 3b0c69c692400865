// The async twins a user needs on a device without sync reads (the strict test device here, as
// WebGPU): moving a module, loading state dicts across devices, the optimizer's state dict,
// and ReduceLROnPlateau with a tensor metric.
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import { strictDevice } from '@x/conformance';
import * as optim from '@x/optim';
import * as nn from '../src/index';

const DEVICE = 'strict-twins';
torch.registerBackend(strictDevice(DEVICE, cpuBackend));

function model(): nn.Sequential {
  torch.manualSeed(1);
  return new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.Linear(4, 2));
}

async function values(m: nn.Module): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, t] of Object.entries(m.stateDict())) out[k] = await t.tolist();
  return out;
}

describe('async twins on a device without sync reads', () => {
  it('Module.toAsync brings a model back from the device (parameters, gradients, integer buffers)', async () => {
    const onCpu = model();
    const expected = await values(onCpu);
    const m = model().to(DEVICE);
    expect(() => m.to('cpu')).toThrow("to('cpu'): reading from 'strict-twins' is asynchronous; use await x.toAsync('cpu')");
    (m.forward(torch.ones([2, 3], { device: DEVICE })) as torch.Tensor).sum().backward();
    const back = await m.toAsync('cpu');
    expect(back).toBe(m);
    expect(m.parameters().every((p) => p.device === 'cpu' && p.grad?.device === 'cpu')).toBe(true);
    expect(m.stateDict()['1.num_batches_tracked']!.dtype).toBe('int64');
    const after = await values(m);
    // the forward in training mode moved the batch norm's running stats; the weights are untouched
    expect(after['0.weight']).toEqual(expected['0.weight']);
    expect(after['2.bias']).toEqual(expected['2.bias']);
  });

  it('loadStateDictAsync loads a state dict from the device into a CPU model (loadStateDict names the async form)', async () => {
    const source = model().to(DEVICE);
    const target = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.Linear(4, 2));
    expect(() => target.loadStateDict(source.stateDict())).toThrow(/toAsync/);
    const result = await target.loadStateDictAsync(source.stateDict());
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(await values(target)).toEqual(await values(model()));
    await expect(target.loadStateDictAsync({})).rejects.toThrow('Missing key(s) in state_dict');
  });

  it("an optimizer's loadStateDictAsync takes state saved on the device", async () => {
    const m = model().to(DEVICE);
    const opt = new optim.Adam(m.parameters(), { lr: 0.1 });
    for (let i = 0; i < 2; i++) {
      opt.zeroGrad();
      (m.forward(torch.ones([2, 3], { device: DEVICE })) as torch.Tensor).sum().backward();
      opt.step();
    }
    const cpuModel = model();
    const cpuOpt = new optim.Adam(cpuModel.parameters(), { lr: 0.1 });
    expect(() => cpuOpt.loadStateDict(opt.stateDict())).toThrow(/item\(\)|toAsync|synchronously/);
    await cpuOpt.loadStateDictAsync(opt.stateDict());
    const saved = opt.stateDict();
    const loaded = cpuOpt.stateDict();
    expect(loaded.state[0]!.step).toBe(2);
    expect(loaded.state[0]!.exp_avg).toBeInstanceOf(torch.Tensor);
    expect((loaded.state[0]!.exp_avg as torch.Tensor).device).toBe('cpu');
    expect(await (loaded.state[0]!.exp_avg as torch.Tensor).tolist()).toEqual(await (saved.state[0]!.exp_avg as torch.Tensor).tolist());
  });

  it('ReduceLROnPlateau.stepAsync reads a tensor metric with an await; step names it', async () => {
    const p = new nn.Parameter(torch.ones(1, { device: DEVICE }));
    const opt = new optim.SGD([p], { lr: 1 });
    const scheduler = new optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
    const loss = torch.tensor(2, { dtype: 'float32', device: DEVICE });
    expect(() => scheduler.step(loss)).toThrow("ReduceLROnPlateau.step: the metric is on device 'strict-twins', which cannot be read synchronously; use await scheduler.stepAsync(metric)");
    await scheduler.stepAsync(loss);
    await scheduler.stepAsync(loss.add(1)); // worse: reduce
    await scheduler.stepAsync(5); // numbers too
    expect(opt.paramGroups[0]!.lr).toBe(0.25);
  });
});
